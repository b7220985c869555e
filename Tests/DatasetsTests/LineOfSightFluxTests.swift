import Foundation
import Magnetogram
import Testing

@testable import Datasets

/// The total unsigned line-of-sight flux `flarekit index` measures from each kept magnetogram
/// (Bhattacharjee et al. 2020, Fig. 6), its cache, and what happens to unreadable files.
@Suite("Line-of-sight flux of the samples")
struct LineOfSightFluxTests {
    @Test func indexingMeasuresEveryKeptMagnetogramAndCachesTheValues() throws {
        var configuration = SyntheticArchive.Configuration.small
        configuration.regionCount = 6
        configuration.seed = 9
        let folder = try ArchiveTestSupport.temporaryFolder("flux")
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try SyntheticArchive(configuration: configuration).generate(into: folder)
        let sharp = URL(fileURLWithPath: archive.magnetogramFolder)
        let catalog = URL(fileURLWithPath: archive.flareCatalogPath), table = URL(fileURLWithPath: archive.harpTablePath)

        let first = try SampleIndexing().run(directory: sharp, catalog: catalog, harpTable: table)
        let samples = first.manifest.samples
        #expect(!samples.isEmpty)
        #expect(first.summary.fluxMeasured == samples.count && first.summary.fluxFromCache == 0)
        #expect(first.fluxMeasurement?.cacheUpdated == true)
        for sample in samples {
            let expected = try Magnetogram(contentsOf: sample.observation.path).unsignedFlux()
            #expect(sample.observation.lineOfSightUnsignedFlux == expected, "\(sample.observation.path)")
            #expect(expected > 0)
        }
        // The second run reads no pixels and gives the same manifest.
        let second = try SampleIndexing().run(directory: sharp, catalog: catalog, harpTable: table)
        #expect(second.summary.fluxMeasured == 0 && second.summary.fluxFromCache == samples.count)
        #expect(second.manifest == first.manifest)
        // The value travels through the manifest's JSON and CSV, beside USFLUX.
        let again = try SampleManifest(jsonData: first.manifest.jsonData())
        #expect(again.samples.map(\.observation.lineOfSightUnsignedFlux) == samples.map(\.observation.lineOfSightUnsignedFlux))
        let rows = first.manifest.csv().split(separator: "\n")
        let header = rows[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let column = try #require(header.firstIndex(of: "los_unsigned_flux_mx"))
        #expect(header.contains("usflux_mx"))
        let firstRow = rows[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(Double(firstRow[column]) == samples[0].observation.lineOfSightUnsignedFlux)
    }

    @Test func anUnreadableMagnetogramIsReportedAndLeftOut() throws {
        let folder = try ArchiveTestSupport.temporaryFolder("flux-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.fits")
        try Data(repeating: 0x41, count: 2880).write(to: broken)
        let good = folder.appendingPathComponent("good.fits")
        try PreparationFixtures.writeFITS([Float](repeating: -100, count: 12), width: 4, height: 3, to: good.path)
        let observations = [
            SHARPObservation(harpNumber: 1, time: Date(timeIntervalSince1970: 0), path: good.path),
            SHARPObservation(harpNumber: 1, time: Date(timeIntervalSince1970: 3600), path: broken.path),
            SHARPObservation(harpNumber: 1, time: Date(timeIntervalSince1970: 7200), path: folder.appendingPathComponent("gone.fits").path),
        ]
        let measurement = LineOfSightFluxMeasurement(observations: observations)
        #expect(measurement.observations.map(\.path) == [good.path])
        #expect(measurement.failures.map(\.path) == [broken.path, folder.appendingPathComponent("gone.fits").path])
        let area = try Magnetogram(contentsOf: good.path).pixelArea
        #expect(measurement.observations[0].lineOfSightUnsignedFlux == 1200 * area)
        // Filling the samples of an old manifest names the file it cannot read.
        let samples = observations.map { LabeledSample(observation: $0, isFlaringRegion: false, sampleClass: .NO1) }
        #expect(throws: DatasetsError.self) { try LineOfSightFluxMeasurement.filling(samples) }
        do {
            _ = try LineOfSightFluxMeasurement.filling(samples)
        } catch {
            #expect(String(describing: error).contains("broken.fits"))
        }
        let filled = try LineOfSightFluxMeasurement.filling(Array(samples.prefix(1)))
        #expect(filled[0].observation.lineOfSightUnsignedFlux == 1200 * area)
    }

    @Test(.enabled(if: ArchiveTestSupport.sharedDataAvailable, "../shared/data (the real SHARP file) is absent: skipped"))
    func theRealHARP377FluxIsSumOfAbsoluteFieldTimesPixelAreaNotUSFLUX() throws {
        let folder = try ArchiveTestSupport.temporaryFolder("flux-real")
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = "hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits"
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent(name), withDestinationURL: ArchiveTestSupport.sharedData.appendingPathComponent("sharp/" + name))
        let catalogs = ArchiveTestSupport.sharedData.appendingPathComponent("catalogs")
        var indexing = SampleIndexing()
        indexing.cuts = nil
        let result = try indexing.run(
            directory: folder, catalog: catalogs.appendingPathComponent("swpc_flarelist_2010-2014.csv"),
            harpTable: catalogs.appendingPathComponent("all_harps_with_noaa_ars.txt"))
        let observation = try #require(result.manifest.samples.first?.observation)
        let flux = try #require(observation.lineOfSightUnsignedFlux)

        // astropy's sum of |B| over the finite pixels, times the CEA pixel area of the header.
        let data = try Data(contentsOf: ArchiveTestSupport.sharedData.appendingPathComponent("reference/\(name).json"))
        let reference = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let image = try #require(reference["image"] as? [String: Any])
        let sumAbs = try #require(image["sum_abs_finite"] as? Double)
        let keywords = try #require(reference["header_keywords"] as? [String: Any])
        let radius = try #require(keywords["RSUN_REF"] as? Double)
        let cdelt1 = try #require(keywords["CDELT1"] as? Double), cdelt2 = try #require(keywords["CDELT2"] as? Double)
        let centimetresPerDegree = radius * .pi / 180 * 100
        let expected = sumAbs * (cdelt1 * centimetresPerDegree) * (cdelt2 * centimetresPerDegree)
        #expect(abs(flux - expected) <= 1e-9 * expected, "\(flux) vs \(expected)")
        // The header's USFLUX (radial field inside the HARP mask) is another quantity.
        let usflux = try #require(observation.unsignedFlux)
        #expect(abs(flux / usflux - 1) > 0.05, "LOS \(flux), USFLUX \(usflux)")
        #expect(result.manifest.samples[0].isFlaringRegion)     // NOAA 11158's X2.2 and M flares
    }
}
