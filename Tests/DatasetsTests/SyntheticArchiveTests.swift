import Foundation
import Magnetogram
import Testing

@testable import Datasets

@Suite("Synthetic archive")
struct SyntheticArchiveTests {
    /// A medium archive: enough regions for both classes, tiny images.
    static var medium: SyntheticArchive.Configuration {
        var configuration = SyntheticArchive.Configuration.small
        configuration.regionCount = 40
        configuration.passageDuration = 2.5 * 86_400
        configuration.cadence = 6 * 3600   // 10 frames
        configuration.span = 30 * 86_400
        configuration.flares = SyntheticFlareModel()   // the demo's rates: same passage length
        return configuration
    }

    @Test func sameSeedSameBytesOtherSeedOtherFiles() throws {
        let folder = try ArchiveTestSupport.temporaryFolder("synthetic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a"), b = folder.appendingPathComponent("b"), c = folder.appendingPathComponent("c")
        _ = try ArchiveTestSupport.smallArchive(in: a, seed: 9)
        _ = try ArchiveTestSupport.smallArchive(in: b, seed: 9)
        _ = try ArchiveTestSupport.smallArchive(in: c, seed: 10)
        func contents(_ root: URL) throws -> [String: Data] {
            var result: [String: Data] = [:]
            let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
            while let relative = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let path = root.appendingPathComponent(relative).path
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    result[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
                }
            }
            return result
        }
        let (first, second, other) = (try contents(a), try contents(b), try contents(c))
        #expect(first.count == SyntheticArchive.Configuration.small.regionCount * SyntheticArchive.Configuration.small.framesPerRegion + 2)
        #expect(first == second)
        #expect(first != other)
        #expect(first[SyntheticArchive.flareCatalogFileName] != other[SyntheticArchive.flareCatalogFileName])

        // A second run into the same folder refuses to mix archives unless told to replace.
        #expect(throws: DatasetsError.self) { try ArchiveTestSupport.smallArchive(in: a, seed: 9) }
        var configuration = SyntheticArchive.Configuration.small
        configuration.seed = 9
        _ = try SyntheticArchive(configuration: configuration).generate(into: a, replacingExisting: true)
        #expect(try contents(a) == first)
    }

    @Test func filesLookLikeSHARPAndTheirKeywordsMatchTheirPixels() throws {
        let folder = try ArchiveTestSupport.temporaryFolder("synthetic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try ArchiveTestSupport.smallArchive(in: folder)
        let files = try ArchiveTestSupport.fitsFiles(in: URL(fileURLWithPath: summary.magnetogramFolder))
        #expect(files.count == summary.magnetogramFiles)
        let degrees = SyntheticArchive.Configuration.small.degreesPerPixel
        // A CEA pixel: (CDELT x pi / 180 x 696e8 cm)^2.
        let side = degrees * Double.pi / 180 * 696e8
        let pixelArea = side * side
        for file in files.prefix(40) {
            let image = try FITSReader().readImage(at: file.path)
            #expect(image.compressed && image.compression?.algorithm == "RICE_1" && image.bitpix == 32)
            #expect(try image.compression?.tableHeader.double("BSCALE") == 0.1)
            let header = image.header
            #expect(try header.string("BUNIT") == "Mx/cm^2")
            #expect(try header.double("CDELT1") == degrees && header.double("CDELT2") == degrees)
            #expect(try header.double("CRPIX1") == Double(image.width + 1) / 2)
            let name = try #require(SHARPFileName(parsing: file.lastPathComponent))
            let metadata = try SHARPMetadata(header: header, path: file.path)
            #expect(metadata.harpNumber == name.harpNumber)
            #expect(metadata.recordTime == name.recordTime)
            // T_REC is TAI: in early 2012 the UTC instant is 34 s earlier than the written time.
            let tRec = try #require(try header.string("T_REC"))
            #expect(tRec.hasSuffix("_TAI"))
            let written = try #require(JSOCTime.date(from: tRec.replacingOccurrences(of: "_TAI", with: "_UTC")))
            let offset = written.timeIntervalSince(try #require(metadata.recordTime))
            #expect(offset == 34 || offset == 35)
            // USFLUX and AREA_ACR from the pixels with |B| >= 200 G, recomputed here.
            var sum = 0.0, count = 0
            for value in image.pixels where value.isFinite && abs(value) >= 200 {
                sum += Double(abs(value))
                count += 1
            }
            let flux = try #require(metadata.unsignedFlux)
            #expect(abs(flux - sum * pixelArea) <= 1e-5 * max(flux, 1))
            let area = try #require(metadata.activeRegionArea) * 2 * Double.pi * 696 * 696 / 1e6
            #expect(abs(area - Double(count) * pixelArea / 1e16) < 1e-4)
            // The central meridian distance of the flux-weighted centre sits inside the image's longitude span.
            let longitude = try #require(metadata.fluxWeightedLongitude)
            let observer = try #require(try header.double("CRLN_OBS"))
            var centre = try #require(metadata.referenceLongitude) - observer
            centre = centre > 180 ? centre - 360 : (centre < -180 ? centre + 360 : centre)
            #expect(abs(longitude - centre) <= Double(image.width) / 2 * degrees + 1e-6)
        }
    }

    @Test func catalogueAndTableParseBack() throws {
        let folder = try ArchiveTestSupport.temporaryFolder("synthetic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try SyntheticArchive(configuration: Self.medium)
        let summary = try archive.generate(into: folder)
        let catalog = try FlareCatalog(swpcEventListAt: URL(fileURLWithPath: summary.flareCatalogPath))
        #expect(catalog.invalidRows.isEmpty)
        #expect(catalog == (try archive.flareCatalog()))
        #expect(catalog.events.count == summary.flares)
        #expect(catalog.events.contains { $0.noaaRegion == nil })
        let table = try HARPNOAATable(contentsOf: URL(fileURLWithPath: summary.harpTablePath))
        #expect(table.invalidRows.isEmpty)
        #expect(table.map == archive.harpNOAAMap())
        #expect(table.map.regionsByHARP.values.contains { $0.count == 2 })

        // Every region's NOAA regions in the headers are the table's.
        let index = try ArchiveIndex(scanning: URL(fileURLWithPath: summary.magnetogramFolder), options: .init(cache: .disabled))
        for harp in index.harpNumbers {
            #expect(index.timeSeries(ofHARP: harp).allSatisfy { $0.noaaRegions == table.map.regions(ofHARP: harp) })
        }
        // Flares fall within their region's passage.
        for event in catalog.events {
            guard let noaa = event.noaaRegion, let harp = table.map.harps(holdingRegion: noaa).first else { continue }
            let series = index.timeSeries(ofHARP: harp)
            let (first, last) = (try #require(series.first?.time), try #require(series.last?.time))
            #expect(event.peak >= first.addingTimeInterval(-60) && event.peak <= last.addingTimeInterval(Self.medium.cadence))
        }
    }

    @Test func flaringRegionsHaveMoreFluxAndTheCutsBite() throws {
        let folder = try ArchiveTestSupport.temporaryFolder("synthetic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try SyntheticArchive(configuration: Self.medium).generate(into: folder)
        let index = try ArchiveIndex(scanning: URL(fileURLWithPath: summary.magnetogramFolder), options: .init(cache: .disabled))
        let catalog = try FlareCatalog(swpcEventListAt: URL(fileURLWithPath: summary.flareCatalogPath))
        let map = try HARPNOAATable(contentsOf: URL(fileURLWithPath: summary.harpTablePath)).map

        // Flaring (M1+ in one of the HARP's NOAA regions), from the files alone.
        var flaring = Set<Int>()
        for event in catalog.events where event.flareClass >= .m1 {
            if let noaa = event.noaaRegion { flaring.formUnion(map.harps(holdingRegion: noaa)) }
        }
        #expect(flaring.sorted() == summary.flaringRegions)
        func meanFlux(_ harps: [Int]) -> Double {
            let values = harps.flatMap { index.timeSeries(ofHARP: $0).compactMap(\.unsignedFlux) }
            return values.reduce(0, +) / Double(max(values.count, 1))
        }
        let flaringHARPs = index.harpNumbers.filter { flaring.contains($0) }
        let quietHARPs = index.harpNumbers.filter { !flaring.contains($0) }
        #expect(!flaringHARPs.isEmpty && !quietHARPs.isEmpty)
        #expect(meanFlux(flaringHARPs) > 2 * meanFlux(quietHARPs))

        // The cuts remove something at each step, and the small regions fail the area cut.
        let selection = try SelectionCuts().apply(to: index)
        let beyond = index.observations.filter { abs($0.centralMeridianDistance ?? 0) > 45 }.count
        #expect(beyond == summary.filesBeyondCentralMeridianLimit)
        #expect(index.observations.filter { UInt32(truncatingIfNeeded: $0.quality ?? 0) > 0x10000 }.count == summary.filesWithBadQuality)
        #expect(index.observations.filter { abs($0.observerRadialVelocity ?? 0) >= 3500 }.count == summary.filesWithHighObserverVelocity)
        #expect(selection.report.count(for: .quality).removed > 0)
        #expect(selection.report.count(for: .centralMeridianDistance).removed > 0)
        #expect(Set(summary.smallRegions).isSubset(of: Set(selection.report.regionsRemovedByArea)))
        #expect(!summary.smallRegions.isEmpty)
    }

    @Test func quantisationMatchesTheFITSWriters() throws {
        var values: [Float] = [0, 0.05, -0.05, 0.149, -0.15, 1872.23, -1872.25, .nan, 3.3e5, -.infinity]
        var generator = SyntheticRandom.generator(seed: 1, .pixels)
        for _ in 0..<1000 { values.append(generator.nextNormal() * 800) }
        #expect(SyntheticRegionWriter.quantize(values) == (try FITSWriter.quantize(values, scale: 0.1)))
    }

    @Test func badConfigurationsThrow() {
        var configuration = SyntheticArchive.Configuration.small
        configuration.regionCount = 0
        #expect(throws: DatasetsError.self) { try SyntheticArchive(configuration: configuration) }
        configuration = .small
        configuration.cadence = 30.5
        #expect(throws: DatasetsError.self) { try SyntheticArchive(configuration: configuration) }
        configuration = .small
        configuration.twoRegionHARPFraction = 1.5
        #expect(throws: DatasetsError.self) { try SyntheticArchive(configuration: configuration) }
        configuration = .small
        configuration.flares.classExponent = 0
        #expect(throws: DatasetsError.self) { try SyntheticArchive(configuration: configuration) }
    }

    /// The demo archive, timed: generation, a first index (every header) and a cached one.
    /// Run with FLAREKIT_MEASURE_ARCHIVE=1 (it writes the full default archive).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["FLAREKIT_MEASURE_ARCHIVE"] == "1", "set FLAREKIT_MEASURE_ARCHIVE=1 to time the demo archive"))
    func measureTheDemoArchive() throws {
        let folder = try ArchiveTestSupport.temporaryFolder("demo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try SyntheticArchive().generate(into: folder)
        print(summary)
        let sharp = URL(fileURLWithPath: summary.magnetogramFolder)
        let index = try ArchiveIndex(scanning: sharp)
        print(index.report)
        let cached = try ArchiveIndex(scanning: sharp)
        print(cached.report)
        let selection = try SelectionCuts().apply(to: index)
        print(selection.report)
        #expect(index.observations.count == summary.magnetogramFiles)
    }
}
