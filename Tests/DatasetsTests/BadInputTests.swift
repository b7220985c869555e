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
