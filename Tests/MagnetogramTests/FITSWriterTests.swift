import Foundation
import Testing
@testable import Magnetogram

@Suite("FITS writer: round trips")
struct FITSWriterTests {
    static let cards: [FITSCard] = [
        FITSCard(keyword: "HARPNUM", integer: 377, comment: "HARP number"),
        FITSCard(keyword: "NOAA_ARS", string: "11158,11159"),
        FITSCard(keyword: "T_REC", string: "2011.02.15_02:00:00_TAI", comment: "[TAI] Slot time"),
        FITSCard(keyword: "USFLUX", value: "2.714760e+22", comment: "[Maxwell] Total unsigned flux"),
        FITSCard(keyword: "R_VALUE", value: "nan"),
        FITSCard(keyword: "CDELT1", double: 0.03),
        FITSCard(keyword: "QUOTED", string: "it's"),
        FITSCard(keyword: "FLAG", bool: true),
        FITSCard(keyword: "GWILL", value: "", comment: "undefined"),
        FITSCard(keyword: "LONGSTR", string: String(repeating: "long string value ", count: 8) + "end", comment: "continued"),
        .commentary("a comment"),
        .history("a history line"),
        FITSCard(keyword: "NAXIS1", integer: 999), // structural: the writer writes its own
    ]

    func pixels(width: Int, height: Int) -> [Float] {
        (0..<(width * height)).map { index in
            index % 17 == 0 ? .nan : Float(sin(Double(index) * 0.37) * 1234.5)
        }
    }

    @Test(arguments: [FITSImageCompression.none, .gzip])
    func float32RoundTripIsExact(compression: FITSImageCompression) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("float.fits").path
        let values = pixels(width: 37, height: 23)
        try FITSWriter().write(values, width: 37, height: 23, cards: Self.cards, compression: compression, to: path)
        let image = try FITSReader().readImage(at: path)
        #expect(image.shape == [23, 37] && image.bitpix == -32)
        #expect(image.compressed == (compression == .gzip))
        #expect(image.hduIndex == (compression == .gzip ? 1 : 0))
        if compression == .gzip {
            #expect(image.compression?.algorithm == "GZIP_1")
        }
        #expect(image.pixels.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(image.header.userCards.map(normalized) == Self.cards.filter { !$0.isStructural }.map(normalized))
        #expect(try image.header.integer("NAXIS1") == 37)
        #expect(try image.header.string("LONGSTR") == Self.cards[9].parsedValue.flatMap { if case let .string(s) = $0 { s } else { nil } })
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["float.fits"])
    }

    @Test func floatRiceIsRefused() throws {
        #expect(throws: MagnetogramError.self) {
            try FITSWriter().write([1, 2], width: 2, height: 1, compression: .rice, to: "/nonexistent/x.fits")
        }
    }

    @Test(arguments: [FITSImageCompression.rice, .gzip, .none, .hcompress])
    func scaledIntegersRoundTripWithinHalfAStep(compression: FITSImageCompression) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sharp.fits").path
        let values = pixels(width: 40, height: 20)
        let stored = try FITSWriter.quantize(values, scale: 0.1)
        try FITSWriter().write(
            integers: stored, width: 40, height: 20, scale: 0.1, blank: .min, cards: Self.cards, compression: compression, to: path)
        let image = try FITSReader().readImage(at: path)
        #expect(image.bitpix == 32)
        #expect(image.compressed == (compression != .none))
        #expect(try image.header.double("BSCALE") == 0.1)
        #expect(try image.header.integer("BLANK") == Int(Int32.min))
        for (read, original) in zip(image.pixels, values) {
            if original.isNaN {
                #expect(read.isNaN)
            } else {
                // Quantisation: |error| <= BSCALE / 2, plus Float32 rounding of the value read.
                #expect(abs(Double(read) - Double(original)) <= 0.05 + 1e-4)
            }
        }
        // The stored integers come back exactly: value / BSCALE rounds to the same integer.
        #expect(try FITSWriter.quantize(image.pixels, scale: 0.1) == stored)
        #expect(image.header.userCards.map(normalized) == Self.cards.filter { !$0.isStructural }.map(normalized))
    }

    @Test func plioMaskRoundTrip() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mask.fits").path
        let mask = (0..<(30 * 10)).map { Int32(($0 / 7) % 35) }
        try FITSWriter().write(integers: mask, width: 30, height: 10, compression: .plio, to: path)
        let image = try FITSReader().readImage(at: path)
        #expect(image.compression?.algorithm == "PLIO_1")
        #expect(image.pixels == mask.map(Float.init))
    }

    @Test func quantizeRoundsAndRefusesOverflow() throws {
        #expect(try FITSWriter.quantize([1.04, -2.26, .nan, 0.05, -0.05], scale: 0.1) == [10, -23, .min, 1, -1])
        #expect(try FITSWriter.quantize([1500.5], scale: 0.5, zero: 1500) == [1])
        #expect(throws: MagnetogramError.self) { try FITSWriter.quantize([1e10], scale: 0.1) }
        #expect(throws: MagnetogramError.self) { try FITSWriter.quantize([1], scale: 0) }
    }

    @Test func writeReplacesAtomicallyAndAFailedWriteLeavesTheFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.fits").path
        try FITSWriter().write([1, 2, 3, 4], width: 2, height: 2, to: path)
        try FITSWriter().write([5, 6, 7, 8], width: 2, height: 2, to: path)
        #expect(try FITSReader().readImage(at: path).pixels == [5, 6, 7, 8])
        // A keyword cfitsio refuses (lower case, space) fails mid-write.
        let bad = [FITSCard(keyword: "bad key", integer: 1)]
        let error = try #require(throws: MagnetogramError.self) {
            try FITSWriter().write([9, 9, 9, 9], width: 2, height: 2, cards: bad, to: path)
        }
        #expect(error.description.contains("bad key") || error.description.contains("BAD KEY"))
        #expect(try FITSReader().readImage(at: path).pixels == [5, 6, 7, 8])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.fits"])
        // Sizes must agree.
        #expect(throws: MagnetogramError.self) { try FITSWriter().write([1, 2, 3], width: 2, height: 2, to: path) }
        // A folder that does not exist.
        #expect(throws: MagnetogramError.self) {
            try FITSWriter().write([1], width: 1, height: 1, to: folder.appendingPathComponent("no/such/dir.fits").path)
        }
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipMessage))
    func sharpMagnetogramRoundTripsAsRiceInt32() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try FITSReader().readImage(at: SharedData.path("sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits"))
        let stored = try FITSWriter.quantize(original.pixels, scale: 0.1)
        let path = folder.appendingPathComponent("copy.fits").path
        try FITSWriter().write(
            integers: stored, width: original.width, height: original.height, scale: 0.1, blank: .min,
            cards: original.header.userCards, compression: .rice, to: path)
        let copy = try FITSReader().readImage(at: path)
        #expect(copy.pixels == original.pixels)
        #expect(copy.header.userCards.map(normalized) == original.header.userCards.map(normalized))
        #expect(try SHARPMetadata(header: copy.header, path: path) == SHARPMetadata(header: original.header, path: path))
        // And as lossless GZIP_1 Float32.
        let floatPath = folder.appendingPathComponent("float.fits").path
        try FITSWriter().write(original, compression: .gzip, to: floatPath)
        #expect(try FITSReader().readImage(at: floatPath).pixels == original.pixels)
    }
}
