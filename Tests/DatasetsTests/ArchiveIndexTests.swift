import Foundation
import Magnetogram
import Testing

@testable import Datasets

/// Helpers of the archive, selection and synthetic-archive tests.
enum ArchiveTestSupport {
    /// `<package root>/../shared/data`.
    static let sharedData = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    /// Whether the real data set is there.
    static let sharedDataAvailable = FileManager.default.fileExists(
        atPath: sharedData.appendingPathComponent("sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits").path)

    /// A fresh temporary folder (the caller removes it).
    static func temporaryFolder(_ label: String = "archive") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A UTC instant from calendar fields.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Double = 0) -> Date {
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute) = (hour, minute)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)!.addingTimeInterval(second)
    }

    /// A small generated archive (the `.small` preset), written once per call.
    static func smallArchive(in folder: URL, seed: UInt64 = 2012) throws -> SyntheticArchive.Summary {
        var configuration = SyntheticArchive.Configuration.small
        configuration.seed = seed
        return try SyntheticArchive(configuration: configuration).generate(into: folder)
    }

    /// The magnetogram files of a folder, sorted.
    static func fitsFiles(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasSuffix(".magnetogram.fits") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}

@Suite("Archive index")
struct ArchiveIndexTests {
    @Test func fileNamesParseAndFormatWithTAI() throws {
        let name = try #require(SHARPFileName(parsing: "hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits"))
        #expect(name.harpNumber == 377)
        #expect(name.isMagnetogram)
        // 2011: TAI - UTC = 34 s.
        #expect(name.recordTime == ArchiveTestSupport.utc(2011, 2, 15, 1, 59, 26))
        let bitmap = try #require(SHARPFileName(parsing: "hmi.sharp_cea_720s_nrt.12.20110215_020000_TAI.bitmap.fits"))
        #expect(!bitmap.isMagnetogram && bitmap.segment == "bitmap" && bitmap.series == "hmi.sharp_cea_720s_nrt")
        for bad in [
            "hmi.sharp_720s.377.20110215_020000_TAI.magnetogram.fits", "hmi.sharp_cea_720s.x77.20110215_020000_TAI.magnetogram.fits",
            "hmi.sharp_cea_720s.377.20110215_0200_TAI.magnetogram.fits", "hmi.sharp_cea_720s.377.20110215_020000_UTC.magnetogram.fits",
            "hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits.gz", "notes.txt", "hmi.sharp_cea_720s.377.20111315_020000_TAI.magnetogram.fits",
        ] {
            #expect(SHARPFileName(parsing: bad) == nil, "\(bad)")
        }
        // The reverse: UTC instants written on the TAI scale, across the leap seconds of 2012, 2015, 2017.
        let cases: [(Date, String)] = [
            (ArchiveTestSupport.utc(2012, 1, 1), "20120101_000034_TAI"),
            (ArchiveTestSupport.utc(2012, 7, 1), "20120701_000035_TAI"),
            (ArchiveTestSupport.utc(2015, 7, 1, 12), "20150701_120036_TAI"),
            (ArchiveTestSupport.utc(2017, 1, 1, 0, 0, 1), "20170101_000038_TAI"),
        ]
        for (date, stamp) in cases {
            let formatted = SHARPFileName(harpNumber: 5, recordTime: date)
            #expect(formatted.stamp == stamp)
            #expect(formatted.fileName == "hmi.sharp_cea_720s.5.\(stamp).magnetogram.fits")
            #expect(SHARPFileName(parsing: formatted.fileName)?.recordTime == date)
        }
    }

    @Test func observationFromHandBuiltHeaders() throws {
        func header(_ cards: [FITSCard]) -> FITSHeader {
            FITSHeader(cards: [FITSCard(keyword: "SIMPLE", bool: true), FITSCard(keyword: "NAXIS", integer: 2),
                               FITSCard(keyword: "NAXIS1", integer: 40), FITSCard(keyword: "NAXIS2", integer: 20)] + cards)
        }
        let name = SHARPFileName(parsing: "hmi.sharp_cea_720s.12.20120301_000000_TAI.magnetogram.fits")
        // No LON_FWT: CRVAL1 - CRLN_OBS, wrapped (10 - 350 = -340 -> 20). LAT_FWT nan -> CRVAL2.
        let observation = try SHARPObservation(
            headers: [header([
                FITSCard(keyword: "HARPNUM", integer: 12), FITSCard(keyword: "CRVAL1", double: 10),
                FITSCard(keyword: "CRLN_OBS", double: 350), FITSCard(keyword: "CRVAL2", double: -12.5),
                FITSCard(keyword: "LAT_FWT", value: "nan"), FITSCard(keyword: "NOAA_AR", integer: 11400),
                FITSCard(keyword: "USFLUX", value: "nan"), FITSCard(keyword: "QUALITY", string: "0x00000400"),
            ])],
            path: "x.fits", fileName: name)
        #expect(observation.harpNumber == 12)
        #expect(abs((observation.centralMeridianDistance ?? .nan) - 20) < 1e-12)
        #expect(observation.latitude == -12.5)
        #expect(observation.noaaRegions == [11400])
        #expect(observation.unsignedFlux == nil)
        #expect(observation.quality == 0x400)
        #expect(observation.width == 40 && observation.height == 20)
        // No T_REC: the file name's time (2012-03-01 00:00:00 TAI = 23:59:26 UTC the day before).
        #expect(observation.time == ArchiveTestSupport.utc(2012, 2, 29, 23, 59, 26))
        // The header and the file name disagree on the HARP.
        #expect(throws: DatasetsError.self) {
            try SHARPObservation(headers: [header([FITSCard(keyword: "HARPNUM", integer: 13)])], path: "x.fits", fileName: name)
        }
        // Neither gives a HARP.
        #expect(throws: DatasetsError.self) { try SHARPObservation(headers: [header([])], path: "y.fits") }
    }

    @Test func indexesAGeneratedArchiveAndReportsBadFiles() throws {
        let folder = try ArchiveTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try ArchiveTestSupport.smallArchive(in: folder)
        let sharp = URL(fileURLWithPath: summary.magnetogramFolder)
        let files = try ArchiveTestSupport.fitsFiles(in: sharp)
        let configuration = SyntheticArchive.Configuration.small
        #expect(files.count == configuration.regionCount * configuration.framesPerRegion)

        // Other segments (skipped by name), an unrelated file, a file that is not FITS and a truncated one.
        let first = try #require(files.first)
        let firstName = try #require(SHARPFileName(parsing: first.lastPathComponent))
        for segment in ["bitmap", "Br"] {
            var other = firstName
            other.segment = segment
            try FileManager.default.copyItem(at: first, to: sharp.appendingPathComponent(other.fileName))
        }
        try Data("some notes".utf8).write(to: sharp.appendingPathComponent("notes.txt"))
        let htmlName = "hmi.sharp_cea_720s.9999.20120102_000000_TAI.magnetogram.fits"
        try Data("<!DOCTYPE html><html>not found</html>".utf8).write(to: sharp.appendingPathComponent(htmlName))
        let truncatedName = "hmi.sharp_cea_720s.9998.20120102_000000_TAI.magnetogram.fits"
        let bytes = try Data(contentsOf: first)
        try bytes.prefix(bytes.count - 3000).write(to: sharp.appendingPathComponent(truncatedName))

        var calls: [(Int, Int)] = []
        let index = try ArchiveIndex(scanning: sharp, options: .init(progressInterval: 10)) { calls.append(($0, $1)) }
        #expect(index.observations.count == files.count)
        #expect(index.report.magnetogramFiles == files.count + 2)
        #expect(index.report.headersRead == files.count + 2)
        #expect(index.report.skippedSegments == ["bitmap": 1, "Br": 1])
        #expect(index.report.ignoredFiles == 1)
        #expect(index.report.failures.map { URL(fileURLWithPath: $0.path).lastPathComponent }.sorted() == [truncatedName, htmlName].sorted())
        #expect(index.report.failures.allSatisfy { $0.reason.contains($0.path) })
        #expect(index.report.failures.contains { $0.reason.contains("not a FITS file") })
        #expect(index.report.cacheStatus == .created)
        #expect(calls.last.map { $0 == (files.count + 2, files.count + 2) } == true)
        #expect(zip(calls, calls.dropFirst()).allSatisfy { $0.0 <= $1.0 })

        // Regions: one time series per HARP, sorted by time, each frame there.
        #expect(index.harpNumbers.count == configuration.regionCount)
        for harp in index.harpNumbers {
            let series = index.timeSeries(ofHARP: harp)
            #expect(series.count == configuration.framesPerRegion)
            #expect(zip(series, series.dropFirst()).allSatisfy { $0.time < $1.time })
        }

        // One record against an independent full read of its file.
        let observation = try #require(index.observations.first { $0.path.hasSuffix(first.lastPathComponent) })
        let magnetogram = try Magnetogram(contentsOf: first.path)
        let metadata = try #require(magnetogram.metadata)
        #expect(observation.harpNumber == metadata.harpNumber)
        #expect(observation.time == metadata.recordTime)
        #expect(observation.time == firstName.recordTime)
        #expect(observation.width == magnetogram.width && observation.height == magnetogram.height)
        #expect(observation.centralMeridianDistance == metadata.fluxWeightedLongitude)
        #expect(observation.areaMicroHemispheres == metadata.activeRegionArea)
        #expect(observation.noaaRegions == (metadata.noaaRegions ?? []))
    }

    @Test func fastHeaderScanAgreesWithTheFITSReader() throws {
        let folder = try ArchiveTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try ArchiveTestSupport.smallArchive(in: folder)
        let sharp = URL(fileURLWithPath: summary.magnetogramFolder)
        var paths = try ArchiveTestSupport.fitsFiles(in: sharp).map(\.path)

        // Values in HMI's non-standard spellings, written as text.
        let odd = sharp.appendingPathComponent("hmi.sharp_cea_720s.12.20110215_020000_TAI.magnetogram.fits").path
        try FITSWriter().write(
            [Float](repeating: 3, count: 20 * 10), width: 20, height: 10,
            cards: [
                FITSCard(keyword: "T_REC", string: "2011.02.15_02:00:00_TAI"), FITSCard(keyword: "HARPNUM", integer: 12),
                FITSCard(keyword: "USFLUX", value: "2.714760e+22"), FITSCard(keyword: "LON_FWT", value: "nan"),
                FITSCard(keyword: "CRVAL1", value: "1.5D+01"), FITSCard(keyword: "CRLN_OBS", value: "-5."),
                FITSCard(keyword: "AREA_ACR", value: "720."), FITSCard(keyword: "QUALITY", string: "0x00000400"),
                FITSCard(keyword: "NOAA_ARS", string: "11158,11159"), FITSCard(keyword: "NOAA_AR", integer: 11158),
                FITSCard(keyword: "OBS_VR", value: ""), FITSCard(keyword: "LAT_FWT", double: -20.25),
            ],
            to: odd)
        paths.append(odd)
        if ArchiveTestSupport.sharedDataAvailable {
            paths.append(ArchiveTestSupport.sharedData.appendingPathComponent(
                "sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits").path)
        }
        for path in paths {
            let name = SHARPFileName(parsing: URL(fileURLWithPath: path).lastPathComponent)
            let fast = try #require(SHARPHeaderScanner.observation(path: path, fileName: name), "\(path)")
            #expect(fast == (try SHARPObservation(contentsOf: path)))
        }
        let oddRecord = try #require(SHARPHeaderScanner.observation(path: odd, fileName: nil))
        #expect(oddRecord.centralMeridianDistance == 20 && oddRecord.quality == 0x400 && oddRecord.noaaRegions == [11158, 11159])
        #expect(oddRecord.observerRadialVelocity == nil && oddRecord.areaMicroHemispheres == 720)

        // What it does not understand goes to the reader: not FITS, truncated, a header that disagrees with the name.
        let html = sharp.appendingPathComponent("page.fits").path
        try Data("<!DOCTYPE html>".utf8).write(to: URL(fileURLWithPath: html))
        #expect(SHARPHeaderScanner.observation(path: html, fileName: nil) == nil)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: paths[0]))
        let truncated = sharp.appendingPathComponent("cut.fits").path
        try bytes.prefix(bytes.count - 3000).write(to: URL(fileURLWithPath: truncated))
        #expect(SHARPHeaderScanner.observation(path: truncated, fileName: nil) == nil)
        #expect(SHARPHeaderScanner.observation(path: odd, fileName: SHARPFileName(harpNumber: 13, recordTime: Date())) == nil)

        // Whole indexes agree.
        let fastIndex = try ArchiveIndex(scanning: sharp, options: .init(cache: .disabled))
        let slowIndex = try ArchiveIndex(scanning: sharp, options: .init(cache: .disabled, fastHeaderScan: false))
        #expect(fastIndex.observations == slowIndex.observations)
        #expect(fastIndex.report.failures == slowIndex.report.failures)
    }

    @Test func cacheIsReusedAndRefreshedForChangedFiles() throws {
        let folder = try ArchiveTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try ArchiveTestSupport.smallArchive(in: folder)
        let sharp = URL(fileURLWithPath: summary.magnetogramFolder)
        let htmlName = "hmi.sharp_cea_720s.9999.20120102_000000_TAI.magnetogram.fits"
        try Data("<html></html>".utf8).write(to: sharp.appendingPathComponent(htmlName))

        let first = try ArchiveIndex(scanning: sharp)
        let total = first.report.magnetogramFiles
        #expect(first.report.headersRead == total)
        #expect(FileManager.default.fileExists(atPath: sharp.appendingPathComponent(ArchiveIndex.cacheFileName).path))

        // Unchanged: no header read, same records, the broken file still reported.
        let second = try ArchiveIndex(scanning: sharp)
        #expect(second.report.headersRead == 0)
        #expect(second.report.reusedFromCache == total)
        #expect(second.report.cacheStatus == .reused)
        #expect(second.observations == first.observations)
        #expect(second.report.failures == first.report.failures)

        // One file rewritten (another header, new size and time), one removed, one added.
        let files = try ArchiveTestSupport.fitsFiles(in: sharp).filter { $0.lastPathComponent != htmlName }
        let changed = files[0], removed = files[1]
        var header = try FITSReader().readImage(at: changed.path)
        header.header.set(FITSCard(keyword: "QUALITY", integer: 0x0002_0000))
        try FITSWriter().write(
            integers: try FITSWriter.quantize(header.pixels, scale: 0.1), width: header.width, height: header.height, scale: 0.1,
            blank: .min, cards: header.header.userCards, compression: .rice, to: changed.path)
        try FileManager.default.removeItem(at: removed)
        var addedName = try #require(SHARPFileName(parsing: files[2].lastPathComponent))
        addedName.harpNumber = 77
        try FITSWriter().write(
            [Float](repeating: 1, count: 12), width: 4, height: 3,
            // The fewest cards of a SHARP CEA magnetogram (SHARPMagnetogramCheck).
            cards: [FITSCard(keyword: "HARPNUM", integer: 77), FITSCard(keyword: "CDELT1", double: 0.03),
                    FITSCard(keyword: "CDELT2", double: 0.03), FITSCard(keyword: "CTYPE1", string: "CRLN-CEA"),
                    FITSCard(keyword: "CTYPE2", string: "CRLT-CEA"), FITSCard(keyword: "BUNIT", string: "Mx/cm^2")],
            to: sharp.appendingPathComponent(addedName.fileName).path)

        let third = try ArchiveIndex(scanning: sharp)
        #expect(third.report.headersRead == 2)
        #expect(third.report.reusedFromCache == total - 2)
        #expect(third.report.cacheStatus == .updated)
        #expect(third.observations.count == first.observations.count)   // one gone, one new
        #expect(third.observations.first { $0.path == changed.path }?.quality == 0x0002_0000)
        #expect(!third.observations.contains { $0.path == removed.path })
        #expect(third.timeSeries(ofHARP: 77).count == 1)

        // A fourth scan reads nothing again.
        #expect(try ArchiveIndex(scanning: sharp).report.headersRead == 0)
    }

    @Test func cacheElsewhereOrOffAndFlatScans() throws {
        let folder = try ArchiveTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try ArchiveTestSupport.smallArchive(in: folder)
        let sharp = URL(fileURLWithPath: summary.magnetogramFolder)
        let total = try ArchiveTestSupport.fitsFiles(in: sharp).count

        // Off: nothing written, everything read each time.
        let off = try ArchiveIndex(scanning: sharp, options: .init(cache: .disabled))
        #expect(off.report.cacheStatus == .disabled)
        #expect(!FileManager.default.fileExists(atPath: sharp.appendingPathComponent(ArchiveIndex.cacheFileName).path))

        // A cache file elsewhere, reused for the same folder only.
        let cache = folder.appendingPathComponent("index.json")
        _ = try ArchiveIndex(scanning: sharp, options: .init(cache: .at(cache)))
        #expect(try ArchiveIndex(scanning: sharp, options: .init(cache: .at(cache))).report.headersRead == 0)
        // It records the folder relative to itself: moved together, the cache still serves, with the new paths.
        let stored = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: cache)) as? [String: Any])
        #expect(stored["directory"] as? String == SampleManifest.relativePath(sharp.standardizedFileURL.path, from: folder.standardizedFileURL.path))
        #expect((stored["directory"] as? String)?.hasPrefix("/") == false)
        let movedFolder = folder.appendingPathComponent("moved")
        try FileManager.default.createDirectory(at: movedFolder, withIntermediateDirectories: true)
        let movedSharp = movedFolder.appendingPathComponent(sharp.lastPathComponent), movedCache = movedFolder.appendingPathComponent("index.json")
        try FileManager.default.moveItem(at: sharp, to: movedSharp)
        try FileManager.default.moveItem(at: cache, to: movedCache)
        let moved = try ArchiveIndex(scanning: movedSharp, options: .init(cache: .at(movedCache)))
        #expect(moved.report.headersRead == 0 && moved.observations.count == total)
        #expect(moved.observations.allSatisfy { $0.path.hasPrefix(movedSharp.standardizedFileURL.path + "/") })
        try FileManager.default.moveItem(at: movedSharp, to: sharp)
        try FileManager.default.moveItem(at: movedCache, to: cache)

        // The archive root holds the magnetograms one level down (and two catalogue files).
        let recursive = try ArchiveIndex(scanning: folder, options: .init(cache: .disabled))
        #expect(recursive.observations.count == total)
        #expect(recursive.report.ignoredFiles == 3)   // the two catalogues and index.json
        let flat = try ArchiveIndex(scanning: folder, options: .init(recursive: false, cache: .at(cache)))
        #expect(flat.observations.isEmpty)
        #expect(flat.report.headersRead == 0)
        #expect(off.observations == recursive.observations)

        #expect(throws: DatasetsError.self) { try ArchiveIndex(scanning: folder.appendingPathComponent("missing")) }

        // A read-only folder is indexed but never written to, even by root.
        try? FileManager.default.removeItem(at: sharp.appendingPathComponent(ArchiveIndex.cacheFileName))
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: sharp.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sharp.path) }
        let readOnly = try ArchiveIndex(scanning: sharp)
        #expect(readOnly.observations.count == total)
        guard case .notWritten = readOnly.report.cacheStatus else {
            Issue.record("cache status \(readOnly.report.cacheStatus)")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: sharp.appendingPathComponent(ArchiveIndex.cacheFileName).path))
    }

    @Test(.enabled(if: ArchiveTestSupport.sharedDataAvailable, "../shared/data (the real SHARP file) is absent: skipped"))
    func indexesTheRealSHARPFile() throws {
        let folder = ArchiveTestSupport.sharedData.appendingPathComponent("sharp")
        let index = try ArchiveIndex(scanning: folder, options: .init(cache: .disabled))
        #expect(index.report.failures.isEmpty)
        #expect(index.report.skippedSegments == ["bitmap": 1])
        let observation = try #require(index.observations.first)
        #expect(index.observations.count == 1)
        // The reference JSON, computed with astropy when the data set was assembled.
        let data = try Data(contentsOf: ArchiveTestSupport.sharedData.appendingPathComponent(
            "reference/hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits.json"))
        let reference = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let keywords = try #require(reference["header_keywords"] as? [String: Any])
        let image = try #require(reference["image"] as? [String: Any])
        #expect(observation.harpNumber == keywords["HARPNUM"] as? Int)
        #expect(observation.harpNumber == 377)
        #expect(observation.noaaRegions == [11158])
        // T_REC 2011.02.15_02:00:00_TAI is 34 s earlier in UTC.
        #expect(observation.time == ArchiveTestSupport.utc(2011, 2, 15, 1, 59, 26))
        #expect(observation.centralMeridianDistance == keywords["LON_FWT"] as? Double)
        #expect(observation.latitude == keywords["LAT_FWT"] as? Double)
        #expect(observation.observerRadialVelocity == keywords["OBS_VR"] as? Double)
        #expect(observation.areaMicroHemispheres == keywords["AREA_ACR"] as? Double)
        #expect(observation.unsignedFlux == keywords["USFLUX"] as? Double)
        #expect(observation.quality == keywords["QUALITY"] as? Int)
        #expect(observation.width == image["NAXIS1"] as? Int && observation.height == image["NAXIS2"] as? Int)
    }
}
