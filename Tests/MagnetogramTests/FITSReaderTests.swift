import Foundation
import Testing
@testable import Magnetogram

/// The reader on files made by hand in the test (no shared data needed): every BITPIX, scaling,
/// null values, HDU selection, and every kind of bad input with its typed error.
@Suite("FITS reader: layouts and bad input")
struct FITSReaderTests {
    let folder: URL

    init() throws {
        folder = try temporaryFolder()
    }

    func write(_ data: Data, _ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: Layouts

    @Test(arguments: [8, 16, 32, 64, -32, -64])
    func everyBitpixReadsAsFloat32(bitpix: Int) throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let values: [Double] = [0, 1, 2, 100, 7, 3]
        let path = try write(FITSBytes.image(bitpix: bitpix, axes: [3, 2], values: values), "b\(bitpix).fits")
        let image = try FITSReader().readImage(at: path)
        #expect(image.bitpix == bitpix)
        #expect(image.shape == [2, 3])
        #expect(image.pixels == values.map(Float.init))
        #expect(image.hduIndex == 0 && !image.compressed)
        #expect(image[1, 0] == 100)
    }

    @Test func scalingAndBlankAreApplied() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let cards = [FITSBytes.card("BSCALE", "0.5"), FITSBytes.card("BZERO", "100."), FITSBytes.card("BLANK", "-32768")]
        let path = try write(FITSBytes.image(bitpix: 16, axes: [2, 2], values: [0, 10, -32768, -4], cards: cards), "scaled.fits")
        let image = try FITSReader().readImage(at: path)
        #expect(image.pixels[0] == 100)
        #expect(image.pixels[1] == 105)
        #expect(image.pixels[2].isNaN)
        #expect(image.pixels[3] == 98)
        #expect(image.statistics.nanCount == 1)
    }

    @Test func floatNaNAndInfinityBecomeNaN() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try write(FITSBytes.image(bitpix: -32, axes: [4, 1], values: [1.5, .nan, .infinity, -2]), "nan.fits")
        let image = try FITSReader().readImage(at: path)
        #expect(image.pixels[0] == 1.5 && image.pixels[3] == -2)
        #expect(image.pixels[1].isNaN && image.pixels[2].isNaN)
        #expect(image.statistics.finiteCount == 2)
    }

    @Test func firstImageExtensionAfterEmptyPrimary() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let ext = FITSBytes.header([
            FITSBytes.card("XTENSION", "'IMAGE   '"), FITSBytes.card("BITPIX", "-64"), FITSBytes.card("NAXIS", "2"),
            FITSBytes.card("NAXIS1", "2"), FITSBytes.card("NAXIS2", "1"), FITSBytes.card("PCOUNT", "0"),
            FITSBytes.card("GCOUNT", "1"), FITSBytes.card("HARPNUM", "377"),
        ]) + FITSBytes.data(FITSBytes.bigEndian([3.25, -1], bitpix: -64))
        let path = try write(FITSBytes.emptyPrimary() + ext, "ext.fits")
        let image = try FITSReader().readImage(at: path)
        #expect(image.hduIndex == 1)
        #expect(image.pixels == [3.25, -1])
        #expect(try image.header.integer("HARPNUM") == 377)
        // Asking for the primary HDU explicitly finds no image there.
        #expect(throws: MagnetogramError.self) { try FITSReader(options: FITSReadOptions(hdu: 0)).readImage(at: path) }
        #expect(try FITSReader(options: FITSReadOptions(hdu: 1)).readImage(at: path).pixels == [3.25, -1])
        #expect(throws: MagnetogramError.noSuchHDU(path: path, hdu: 5, hduCount: 2)) {
            try FITSReader(options: FITSReadOptions(hdu: 5)).readImage(at: path)
        }
    }

    @Test func degenerateThirdAxisIsTwoDimensional() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try write(FITSBytes.image(bitpix: 16, axes: [2, 2, 1], values: [1, 2, 3, 4]), "flat.fits")
        #expect(try FITSReader().readImage(at: path).pixels == [1, 2, 3, 4])
        let strict = FITSReader(options: FITSReadOptions(acceptsDegenerateAxes: false))
        #expect(throws: MagnetogramError.notTwoDimensional(path: path, hdu: 0, axes: [2, 2, 1])) { try strict.readImage(at: path) }
    }

    @Test func wholeFileGzipIsDecompressed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let fits = FITSBytes.image(bitpix: 32, axes: [3, 1], values: [5, -6, 7])
        let path = try write(FITSBytes.gzip(fits), "small.fits.gz")
        #expect(try FITSReader().readImage(at: path).pixels == [5, -6, 7])
    }

    @Test func bytesInMemory() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let fits = FITSBytes.image(bitpix: -32, axes: [2, 1], values: [0.5, .nan])
        let image = try FITSReader().readImage(bytes: fits, name: "buffer")
        #expect(image.pixels[0] == 0.5 && image.pixels[1].isNaN)
        #expect(throws: MagnetogramError.emptyFile(path: "buffer")) { try FITSReader().readImage(bytes: Data(), name: "buffer") }
        #expect(try FITSReader().readImage(bytes: FITSBytes.gzip(fits), name: "buffer").pixels[0] == 0.5)
        #expect(throws: MagnetogramError.notFITS(path: "buffer", start: "junk")) { try FITSReader().readImage(bytes: Data("junk".utf8), name: "buffer") }
        #expect(throws: MagnetogramError.truncatedData(path: "buffer", hdu: 0, expectedBytes: 8, availableBytes: 0)) {
            try FITSReader().readImage(bytes: fits.prefix(2880), name: "buffer")
        }
    }

    @Test func pathsAreNotCFITSIOFilenameSyntax() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Brackets, + and parentheses mean extensions and filters to cfitsio's ffopen.
        let path = try write(FITSBytes.image(bitpix: 16, axes: [2, 1], values: [4, 5]), "odd [1] name+(x).fits")
        #expect(try FITSReader().readImage(at: path).pixels == [4, 5])
        let written = folder.appendingPathComponent("out [2].fits").path
        try FITSWriter().write([1, 2], width: 2, height: 1, to: written)
        #expect(try FITSReader().readImage(at: written).pixels == [1, 2])
    }

    // MARK: Bad input, one typed error each

    @Test func htmlPageIsNotFITS() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not Found</body></html>\n"
        let path = try write(Data(page.utf8), "page.fits")
        #expect(throws: MagnetogramError.notFITS(path: path, start: "<!DOCTYPE html>\\x0A<html><head><title>404 N")) {
            try FITSReader().readImage(at: path)
        }
        let error = try #require(throws: MagnetogramError.self) { try FITSReader().readImage(at: path) }
        #expect(error.description.contains(path) && error.description.contains("not a FITS file"))
    }

    @Test func emptyFile() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try write(Data(), "empty.fits")
        #expect(throws: MagnetogramError.emptyFile(path: path)) { try FITSReader().readImage(at: path) }
    }

    @Test func missingFile() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("none.fits").path
        #expect(throws: MagnetogramError.file(path: path, problem: "no such file")) { try FITSReader().readImage(at: path) }
    }

    @Test func truncatedDataUnit() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // 100 x 100 int16 = 20000 bytes of data; keep the header and 10000 of them.
        let fits = FITSBytes.image(bitpix: 16, axes: [100, 100], values: Array(repeating: 1, count: 10_000))
        let path = try write(fits.prefix(2880 + 10_000), "cut.fits")
        #expect(throws: MagnetogramError.truncatedData(path: path, hdu: 0, expectedBytes: 20_000, availableBytes: 10_000)) {
            try FITSReader().readImage(at: path)
        }
    }

    @Test func truncatedCompressedTable() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("rice.fits").path
        try FITSWriter().write(integers: (0..<10_000).map { Int32($0 % 97) }, width: 100, height: 100, compression: .rice, to: source)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        let path = try write(bytes.prefix(bytes.count - 3000), "rice-cut.fits")
        let error = try #require(throws: MagnetogramError.self) { try FITSReader().readImage(at: path) }
        guard case let .truncatedData(errorPath, hdu, expected, available) = error else {
            Issue.record("expected truncatedData, got \(error)")
            return
        }
        #expect(errorPath == path && hdu == 1 && expected > available)
    }

    @Test func naxisPromisingMoreThanTheFileHolds() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // A header claiming 100000 x 100000 float64 (80 GB) followed by one block of data.
        let header = FITSBytes.header([
            FITSBytes.card("SIMPLE", "T"), FITSBytes.card("BITPIX", "-64"), FITSBytes.card("NAXIS", "2"),
            FITSBytes.card("NAXIS1", "100000"), FITSBytes.card("NAXIS2", "100000"),
        ])
        let path = try write(header + FITSBytes.data([1, 2, 3]), "huge.fits")
        #expect(throws: MagnetogramError.truncatedData(path: path, hdu: 0, expectedBytes: 80_000_000_000, availableBytes: 2880)) {
            try FITSReader().readImage(at: path)
        }
    }

    @Test func truncatedGzip() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let fits = FITSBytes.image(bitpix: 16, axes: [100, 100], values: Array(repeating: 3, count: 10_000))
        let gzip = FITSBytes.gzip(fits)
        // Cut inside the data: cfitsio decompresses what is there without complaint.
        let insideData = try write(gzip.prefix(gzip.count - 5000), "data-cut.fits.gz")
        let error = try #require(throws: MagnetogramError.self) { try FITSReader().readImage(at: insideData) }
        guard case let .truncatedCompressedFile(path, _) = error else {
            Issue.record("expected truncatedCompressedFile, got \(error)")
            return
        }
        #expect(path == insideData)
        // Cut inside the header.
        let insideHeader = try write(gzip.prefix(1000), "header-cut.fits.gz")
        let headerError = try #require(throws: MagnetogramError.self) { try FITSReader().readImage(at: insideHeader) }
        guard case .truncatedCompressedFile = headerError else {
            Issue.record("expected truncatedCompressedFile, got \(headerError)")
            return
        }
    }

    @Test func noImageHDU() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = FITSBytes.binaryTable(
            rows: 2, columns: [("TIME", "1D", "s", [])],
            rowBytes: [FITSBytes.bigEndian([1], bitpix: -64), FITSBytes.bigEndian([2], bitpix: -64)], name: "RATES")
        let path = try write(FITSBytes.emptyPrimary() + table, "table-only.fits")
        #expect(throws: MagnetogramError.noImage(path: path, hduCount: 2)) { try FITSReader().readImage(at: path) }
        let primaryOnly = try write(FITSBytes.emptyPrimary(), "primary-only.fits")
        #expect(throws: MagnetogramError.noImage(path: primaryOnly, hduCount: 1)) { try FITSReader().readImage(at: primaryOnly) }
    }

    @Test func cubeWhereTwoDimensionsAreRequired() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try write(FITSBytes.image(bitpix: 16, axes: [4, 3, 2], values: Array(repeating: 1, count: 24)), "cube.fits")
        #expect(throws: MagnetogramError.notTwoDimensional(path: path, hdu: 0, axes: [4, 3, 2])) { try FITSReader().readImage(at: path) }
        let line = try write(FITSBytes.image(bitpix: 16, axes: [5], values: Array(repeating: 1, count: 5)), "line.fits")
        #expect(throws: MagnetogramError.notTwoDimensional(path: line, hdu: 0, axes: [5])) { try FITSReader().readImage(at: line) }
    }

    @Test func pixelCapIsCheckedBeforeAllocating() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try write(FITSBytes.image(bitpix: 8, axes: [4, 3], values: Array(repeating: 1, count: 12)), "small.fits")
        let capped = FITSReader(options: FITSReadOptions(maximumPixelCount: 10))
        #expect(throws: MagnetogramError.imageTooLarge(path: path, hdu: 0, pixels: 12, limit: 10)) { try capped.readImage(at: path) }
    }

    @Test func corruptHeaderIsACFITSIOError() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Starts like FITS but BITPIX is missing.
        let path = try write(FITSBytes.header([FITSBytes.card("SIMPLE", "T"), FITSBytes.card("NAXIS", "0")]), "broken.fits")
        let error = try #require(throws: MagnetogramError.self) { try FITSReader().readImage(at: path) }
        guard case let .cfitsio(errorPath, _, status, message) = error else {
            Issue.record("expected a cfitsio error, got \(error)")
            return
        }
        #expect(errorPath == path && status != 0 && !message.isEmpty)
        #expect(error.description.hasPrefix(path))
    }
}
