import Foundation
import Magnetogram
import Testing

@testable import Datasets

/// `Tests/Fixtures/bad-inputs` (Scripts/fixtures/make_bad_inputs.py; see its README and
/// Documentation/Reliability.md): malformed catalogues and GOES XRS files, each refused with a
/// typed error naming the file. Fuzzing found no crash in the catalogue readers (fuzz-swpc,
/// fuzz-plain-csv, fuzz-harp-noaa); fuzz-goes-xrs found one input, kept here with its test.
private enum BadInputs {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/bad-inputs")
    static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }
}

@Suite("Datasets bad inputs: typed errors naming the file")
struct DatasetsBadInputTests {
    @Test func swpcEventListWithoutHeader() {
        let url = BadInputs.url("swpc-empty.csv")
        #expect(throws: DatasetsError.file(path: url.path, reason: "empty: no header line")) {
            try FlareCatalog(swpcEventListAt: url)
        }
    }

    @Test func swpcEventListMissingAColumn() {
        let url = BadInputs.url("swpc-missing-column.csv")
        #expect(throws: DatasetsError.malformedRow(path: url.path, line: 1, reason: "the header has no 'goes_class' column")) {
            try FlareCatalog(swpcEventListAt: url)
        }
    }

    @Test func swpcEventListWithAnImpossibleDate() throws {
        let url = BadInputs.url("swpc-bad-row.csv")
        let lenient = try FlareCatalog(swpcEventListAt: url)
        #expect(lenient.events.isEmpty && lenient.invalidRows.map(\.line) == [2])
        let error = try #require(throws: DatasetsError.self) { try FlareCatalog(swpcEventListAt: url, strict: true) }
        guard case let .malformedRow(path, line, reason) = error else {
            Issue.record("expected a malformed row, got \(error)")
            return
        }
        #expect(path == url.path && line == 2 && reason.contains("20110231"), "\(reason)")
    }

    @Test func swpcEventListThatIsNotText() {
        let url = BadInputs.url("swpc-not-utf8.csv")
        #expect(throws: DatasetsError.file(path: url.path, reason: "not UTF-8 text")) {
            try FlareCatalog(swpcEventListAt: url)
        }
    }

    @Test func plainCSVMissingTheClassColumn() throws {
        let url = BadInputs.url("plain-missing-class.csv")
        let error = try #require(throws: DatasetsError.self) { try FlareCatalog(plainCSVAt: url) }
        #expect(error.description.contains(url.path) && error.description.contains("class"), "\(error)")
    }

    @Test func plainCSVWithAPeakBeforeItsStart() throws {
        let url = BadInputs.url("plain-bad-row.csv")
        #expect(try FlareCatalog(plainCSVAt: url).invalidRows.map(\.line) == [2])
        let error = try #require(throws: DatasetsError.self) { try FlareCatalog(plainCSVAt: url, strict: true) }
        guard case let .malformedRow(path, line, _) = error else {
            Issue.record("expected a malformed row, got \(error)")
            return
        }
        #expect(path == url.path && line == 2)
    }

    @Test func harpTableWithANegativeHARP() throws {
        let url = BadInputs.url("harp-bad-line.txt")
        let lenient = try HARPNOAATable(contentsOf: url)
        #expect(lenient.map.regions(ofHARP: 377) == [11158] && lenient.invalidRows.map(\.line) == [3])
        let error = try #require(throws: DatasetsError.self) { try HARPNOAATable(contentsOf: url, strict: true) }
        guard case let .malformedRow(path, line, reason) = error else {
            Issue.record("expected a malformed row, got \(error)")
            return
        }
        #expect(path == url.path && line == 3 && reason.contains("'-3'"), "\(reason)")
    }

    @Test func xrsFileWithoutAFluxesTable() throws {
        let url = BadInputs.url("xrs-no-fluxes-table.fits")
        let error = try #require(throws: MagnetogramError.self) { try GOESXRSLightCurve(contentsOf: url) }
        #expect(error.description.contains(url.path), "\(error)")
    }

    @Test func xrsFileWithAnOddFluxCount() {
        let url = BadInputs.url("xrs-flux-count-mismatch.fits")
        #expect(throws: DatasetsError.file(
            path: url.path, reason: "FLUX has 7 values for 4 TIME samples (expected two channels per sample)")) {
            try GOESXRSLightCurve(contentsOf: url)
        }
    }

    @Test func xrsFileWithAnImpossibleDate() {
        let url = BadInputs.url("xrs-bad-date.fits")
        #expect(throws: DatasetsError.file(
            path: url.path, reason: "DATE-OBS '31/02/2011' is not DD/MM/YYYY, DD/MM/YY or YYYY-MM-DD")) {
            try GOESXRSLightCurve(contentsOf: url)
        }
    }

    /// Found by fuzz-goes-xrs: 82 bytes of gzip whose trailer records 3.6 GB, which cfitsio
    /// allocated before inflating (libFuzzer out-of-memory). Refused before cfitsio sees it.
    @Test func xrsGzipWhoseTrailerClaimsGigabytes() {
        let url = BadInputs.url("xrs-gzip-trailer-3gib.fits.gz")
        #expect(throws: MagnetogramError.truncatedCompressedFile(
            path: url.path,
            detail: "its trailer records 3587560917 decompressed bytes, not a whole number of 2880-byte FITS blocks")) {
            try GOESXRSLightCurve(contentsOf: url)
        }
    }

    @Test func truncatedXRSFile() throws {
        let url = BadInputs.url("xrs-truncated.fits")
        let error = try #require(throws: MagnetogramError.self) { try GOESXRSLightCurve(contentsOf: url) }
        guard case let .truncatedData(path, hdu, expected, available) = error else {
            Issue.record("expected truncated data, got \(error)")
            return
        }
        #expect(path == url.path && hdu == 1 && expected == 64 && available == 40)
    }
}

/// Values that look like numbers to Swift's `Double(String)` but are not what the readers read:
/// GOES classes with exponents or hexadecimal magnitudes, header reals in hexadecimal, and GOES
/// XRS spikes far above any flare (Documentation/Reliability.md, "Inputs that are not what a
/// command reads").
@Suite("Datasets bad inputs: numbers that are not what the file means")
struct DatasetsImplausibleValueTests {
    @Test(arguments: ["X1e308", "M0x1p3", "Minf", "Xnan", "M1e2", "C1E-1", "M+1", "M-1", "M 1", "M1.", "M.5", "M1.2.3", "X1000", "M0", "M1,5"])
    func classesThatAreNotPlainDecimalsAreRefused(_ text: String) throws {
        let error = try #require(throws: DatasetsError.self) { try FlareClass(text) }
        #expect(error.description.contains(text), "\(error)")
    }

    @Test func plainDecimalClassesStillRead() throws {
        #expect(try FlareClass("M1") == FlareClass(letter: .M, magnitude: 1))
        #expect(try FlareClass("M1.0") == FlareClass(letter: .M, magnitude: 1))
        #expect(try FlareClass(" x10.5\t") == FlareClass(letter: .X, magnitude: 10.5))
        #expect(try FlareClass("C") == .c1)
        #expect(try FlareClass("X99.9").letter == .X)
    }

    func write(_ text: String, name: String) throws -> (folder: URL, url: URL) {
        let folder = try CatalogTestData.temporaryFolder()
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return (folder, url)
    }

    @Test func plainCSVRowsWithExponentOrHexClassesAreNotFlares() throws {
        let (folder, url) = try write(
            """
            start,peak,end,class,noaa_ar
            2011-02-15T01:44:00Z,2011-02-15T01:56:00Z,2011-02-15T02:06:00Z,X1e308,11158
            2011-02-15T03:44:00Z,2011-02-15T03:56:00Z,2011-02-15T04:06:00Z,M0x1p3,11158
            2011-02-15T05:44:00Z,2011-02-15T05:56:00Z,2011-02-15T06:06:00Z,M1.5,11158

            """, name: "classes.csv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lenient = try FlareCatalog(plainCSVAt: url)
        #expect(lenient.events.map(\.flareClass.description) == ["M1.5"])
        #expect(lenient.invalidRows.map(\.line) == [2, 3])
        let error = try #require(throws: DatasetsError.self) { try FlareCatalog(plainCSVAt: url, strict: true) }
        guard case let .malformedRow(path, line, reason) = error else {
            Issue.record("expected a malformed row, got \(error)")
            return
        }
        #expect(path == url.path && line == 2 && reason.contains("X1e308"), "\(reason)")
    }

    @Test func swpcRowsWithExponentOrHexClassesAreNotFlares() throws {
        let (folder, url) = try write(
            """
            date,start_time,max_time,end_time,goes_class,noaa_ar
            20110215,0144,0156,0206,X2.2,11158
            20110215,0300,0310,0320,M0x1p3,11158
            20110215,0400,0410,0420,X1e308,11158

            """, name: "swpc.csv")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lenient = try FlareCatalog(swpcEventListAt: url)
        #expect(lenient.events.map(\.flareClass.description) == ["X2.2"])
        #expect(lenient.invalidRows.map(\.line) == [3, 4])
        let error = try #require(throws: DatasetsError.self) { try FlareCatalog(swpcEventListAt: url, strict: true) }
        guard case let .malformedRow(path, line, reason) = error else {
            Issue.record("expected a malformed row, got \(error)")
            return
        }
        #expect(path == url.path && line == 3 && reason.contains("M0x1p3"), "\(reason)")
    }

    /// The fast header scanner must read numbers as `FITSValue` (and cfitsio) do: a hexadecimal
    /// float is not a FITS number, so the scanner gives up and the slow path decides.
    @Test func headerScannerRefusesHexadecimalReals() throws {
        #expect(SHARPHeaderScanner.real("0x1p3") == nil)
        #expect(SHARPHeaderScanner.real("0x1.8p3") == nil)
        #expect(SHARPHeaderScanner.optionalReal("0x1p3") == nil)
        #expect(SHARPHeaderScanner.optionalInteger("0x10") == nil)
        #expect(SHARPHeaderScanner.real("720.") == 720)
        #expect(SHARPHeaderScanner.real("2.5D3") == 2500)
        #expect(SHARPHeaderScanner.real("-1.5e-2") == -0.015)
        #expect(try #require(SHARPHeaderScanner.real("nan")).isNaN)
        #expect(SHARPHeaderScanner.real("'12'") == nil && SHARPHeaderScanner.real("T") == nil)
    }

    /// A 1e30 W/m^2 spike (and a 0.5 W/m^2 one in the short channel) is left out and reported:
    /// the peak and its class come from the real samples.
    @Test func xrsSpikeIsNotAFlareClass() throws {
        let folder = try CatalogTestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("spike.fits")
        try XRSFITSBytes.file(
            times: [0, 2, 4, 6], long: [1e-6, 1e30, 0x1p-15, -99999], short: [1e-7, 0.5, 1e-6, 1e-7],
            primaryCards: [XRSFITSBytes.card("DATE-OBS", "'07/06/2011'")]
        ).write(to: url)
        let curve = try GOESXRSLightCurve(contentsOf: url)
        #expect(curve.peak?.index == 2 && curve.peak?.flareClass?.description == "M3.0")   // 2^-15 = 3.05e-5
        #expect(curve.implausibleSamples.map(\.index) == [1, 1])
        #expect(curve.implausibleSampleCount(in: .long) == 1 && curve.implausibleSampleCount(in: .short) == 1)
        #expect(curve.longFlux[1] == nil && curve.invalidSampleCount(in: .long) == 2)
        let error = try #require(throws: DatasetsError.self) { try curve.requirePlausibleFlux(source: url.path) }
        #expect(error.description.contains(url.path) && error.description.contains("sample 1"), "\(error)")

        let clean = try GOESXRSLightCurve(times: [Date()], longFlux: [1e-2], shortFlux: [1e-3])
        #expect(clean.implausibleSamples.isEmpty)
        try clean.requirePlausibleFlux(source: "clean")
    }
}

/// The archive index refuses `.magnetogram.fits` files that are not SHARP CEA line-of-sight
/// magnetograms (an AIA image renamed, a full-disk map) unless asked, on the fast and the slow
/// header path alike; the synthetic archive passes the check.
@Suite("Datasets bad inputs: images that are not SHARP CEA magnetograms")
struct DatasetsNotSHARPMagnetogramTests {
    @Test func syntheticArchiveFilesPassTheCheck() throws {
        let folder = try ArchiveTestSupport.temporaryFolder("sharp-check")
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try ArchiveTestSupport.smallArchive(in: folder)
        let files = try ArchiveTestSupport.fitsFiles(in: URL(fileURLWithPath: summary.magnetogramFolder))
        #expect(!files.isEmpty)
        for file in files { try SHARPMagnetogramCheck.validate(fileAt: file.path) }
        // The demo's archive (0.06 deg/px) too: the generator refuses a scale the check would refuse.
        var configuration = SyntheticArchive.Configuration.small
        configuration.degreesPerPixel = 0.5
        #expect(throws: DatasetsError.self) { try SyntheticArchive(configuration: configuration).generate(into: folder.appendingPathComponent("wide")) }
    }

    @Test(arguments: [true, false])
    func indexListsAnAIAImageNamedLikeAMagnetogramAsAFailure(fastHeaderScan: Bool) throws {
        let folder = try ArchiveTestSupport.temporaryFolder("sharp-check-index")
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try ArchiveTestSupport.smallArchive(in: folder)
        let sharp = URL(fileURLWithPath: summary.magnetogramFolder)
        let files = try ArchiveTestSupport.fitsFiles(in: sharp)
        // A real-looking SHARP header, with the AIA keywords swapped in.
        let header = try FITSReader().readHeaders(at: files[0].path).first { $0.contains("HARPNUM") }
        var cards = try #require(header).userCards.filter {
            !["CTYPE1", "CTYPE2", "CUNIT1", "CUNIT2", "CDELT1", "CDELT2", "BUNIT"].contains($0.keyword)
        }
        cards += [
            FITSCard(keyword: "CTYPE1", string: "HPLN-TAN"), FITSCard(keyword: "CTYPE2", string: "HPLT-TAN"),
            FITSCard(keyword: "CUNIT1", string: "arcsec"), FITSCard(keyword: "CUNIT2", string: "arcsec"),
            FITSCard(keyword: "CDELT1", double: 0.6), FITSCard(keyword: "CDELT2", double: 0.6),
            FITSCard(keyword: "BUNIT", string: "DN"),
        ]
        let impostor = files[0].path
        try FileManager.default.removeItem(atPath: impostor)
        try FITSWriter().write([Float](repeating: 3, count: 48), width: 8, height: 6, cards: cards, to: impostor)

        var options = ArchiveIndex.Options(cache: .disabled, fastHeaderScan: fastHeaderScan)
        let index = try ArchiveIndex(scanning: sharp, options: options)
        #expect(index.observations.count == files.count - 1)
        let failure = try #require(index.report.failures.first)
        #expect(index.report.failures.count == 1 && failure.path == impostor)
        #expect(failure.reason.contains("not a SHARP CEA line-of-sight magnetogram") && failure.reason.contains("CTYPE1 is 'HPLN-TAN'"),
                "\(failure.reason)")

        options.acceptAnyImage = true
        let accepting = try ArchiveIndex(scanning: sharp, options: options)
        #expect(accepting.observations.count == files.count && accepting.report.failures.isEmpty)
    }

    /// A file accepted with `acceptAnyImage` and cached is refused again by a later scan
    /// without it (the cache records the check's findings).
    @Test func cachedAcceptanceDoesNotOutliveTheOption() throws {
        let folder = try ArchiveTestSupport.temporaryFolder("sharp-check-cache")
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try ArchiveTestSupport.smallArchive(in: folder)
        let sharp = URL(fileURLWithPath: summary.magnetogramFolder)
        let files = try ArchiveTestSupport.fitsFiles(in: sharp)
        let header = try #require(try FITSReader().readHeaders(at: files[0].path).first { $0.contains("HARPNUM") })
        let cards = header.userCards.filter { $0.keyword != "BUNIT" } + [FITSCard(keyword: "BUNIT", string: "DN/s")]
        try FileManager.default.removeItem(at: files[0])
        try FITSWriter().write([Float](repeating: 3, count: 48), width: 8, height: 6, cards: cards, to: files[0].path)
        let cache = folder.appendingPathComponent("cache.json")
        let accepting = try ArchiveIndex(scanning: sharp, options: .init(cache: .at(cache), acceptAnyImage: true))
        #expect(accepting.report.failures.isEmpty)
        let strict = try ArchiveIndex(scanning: sharp, options: .init(cache: .at(cache)))
        #expect(strict.report.reusedFromCache == files.count)
        #expect(strict.report.failures.map(\.path) == [files[0].path])
    }
}
