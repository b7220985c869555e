import Foundation
import Testing
@testable import Magnetogram

/// `Tests/Fixtures/bad-inputs` (Scripts/fixtures/make_bad_inputs.py and the inputs fuzzing
/// found; see its README and Documentation/Reliability.md).
private let badInputs = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/bad-inputs")

private func badInput(_ name: String) -> String { badInputs.appendingPathComponent(name).path }

/// What reading a bad file must throw: an exact error, or any `MagnetogramError` whose
/// description names the file and contains a phrase.
enum ExpectedFITSError: Sendable {
    case exactly(@Sendable (String) -> MagnetogramError)
    case containing(String)
}

/// One bad FITS file and the typed error `readImage(at:)` must throw for it.
struct BadFITSFile: Sendable, CustomTestStringConvertible {
    var name: String
    var expected: ExpectedFITSError
    var testDescription: String { name }

    static let all: [BadFITSFile] = [
        // Found by fuzzing (fuzz-fits-file): each crashed the process before the fix.
        .init(name: "rice-tile-overread.fits", expected: .containing("is a corrupt compressed image: the RICE_1 stream of tile")),
        .init(name: "ztile-zero-sigfpe.fits", expected: .exactly {
            .invalidKeyword(path: $0, keyword: "ZTILE1", value: "'BLOCKSIZE'", expected: "a number (HDU 1)")
        }),
        .init(name: "huge-table-allocation.fits", expected: .containing("")),
        // Found by fuzzing after the fixes: a trap in FITSTileCheck's own stream walk (a negative
        // shift at the end of a stream), and a gzip trailer that made cfitsio allocate 4 GiB.
        .init(name: "rice-check-shift-trap.fits", expected: .containing("is a corrupt compressed image")),
        .init(name: "gzip-trailer-4gib.fits.gz", expected: .containing("")),
        // Found by the release-build runs: glibc's "buffer overflow detected" in cfitsio's
        // ffgtbp (an unquoted 70-character TTYPE3), and ZTILE1 = 0 behind a primary header whose
        // BITPIX had trailing junk (the first header scan stopped there).
        .init(name: "ttype-unquoted-overflow.fits", expected: .containing("keyword TTYPE3")),
        // Then: ZTILE1 = 0 behind a primary header with no "=" after NAXIS, and a gzip stream
        // whose trailer records 177 bytes (cfitsio's memory driver read past its buffer).
        .init(name: "ztile-zero-behind-naxis-without-value.fits", expected: .exactly {
            .invalidKeyword(path: $0, keyword: "ZTILE1", value: "0", expected: "a positive tile size (HDU 1 is a tile-compressed image)")
        }),
        .init(name: "gzip-trailer-not-whole-blocks.fits.gz", expected: .exactly {
            .truncatedCompressedFile(path: $0, detail: "its trailer records 177 decompressed bytes, not a whole number of 2880-byte FITS blocks")
        }),
        // Then: the same, with an END card that cfitsio reads by its name up to the first blank
        // ("END  \u{FF}..." and "END   =").
        .init(name: "ztile-zero-behind-loose-end.fits", expected: .exactly {
            .invalidKeyword(path: $0, keyword: "ZTILE1", value: "0", expected: "a positive tile size (HDU 1 is a tile-compressed image)")
        }),
        .init(name: "ztile2-zero-behind-loose-end.fits", expected: .exactly {
            .invalidKeyword(path: $0, keyword: "ZTILE2", value: "0       1", expected: "a positive tile size (HDU 1 is a tile-compressed image)")
        }),
        // Then: the same SIGFPE with `ZNAXIS     =  2` (the "=" not in column 9, which cfitsio
        // still reads): every ZTILEn is now checked whatever ZNAXIS says.
        .init(name: "ztile2-zero-unparsed-znaxis.fits", expected: .exactly {
            .invalidKeyword(path: $0, keyword: "ZTILE2", value: "0       1", expected: "a positive tile size (HDU 1 is a tile-compressed image)")
        }),
        // Then: SIGFPE in cfitsio's imcomp_calc_max_elem, which divides by the RICE_1 block size
        // (ZNAME1 = 'BLOCKSIZE', ZVAL1 = 0).
        .init(name: "rice-blocksize-zero-sigfpe.fits", expected: .exactly {
            .invalidKeyword(path: $0, keyword: "ZVAL1", value: "0       32", expected: "a positive RICE_1 block size (HDU 1 is a tile-compressed image)")
        }),
        // Then: the same with the name card renamed (ZNAME0): cfitsio takes ZVAL1 as the RICE_1
        // block size whatever ZNAME1 says.
        .init(name: "rice-blocksize-zero-without-zname1.fits", expected: .exactly {
            .invalidKeyword(path: $0, keyword: "ZVAL1", value: "0       32", expected: "a positive RICE_1 block size (HDU 1 is a tile-compressed image)")
        }),
        // Then: glibc's "buffer overflow detected" in cfitsio's ffc2j (a ZBITPIX of 56 form feeds:
        // the conversion's error message is built with strncat into a fixed buffer).
        .init(name: "zbitpix-not-a-number.fits", expected: .containing("keyword ZBITPIX")),
        .init(name: "ztile-zero-behind-odd-bitpix.fits", expected: .exactly {
            .invalidKeyword(path: $0, keyword: "ZTILE1", value: "0", expected: "a positive tile size (HDU 1 is a tile-compressed image)")
        }),
        // The hand-made corpus.
        .init(name: "fits-empty.fits", expected: .exactly { .emptyFile(path: $0) }),
        .init(name: "fits-wrong-magic.fits", expected: .containing("not a FITS file")),
        .init(name: "fits-truncated-header.fits", expected: .containing("")),
        .init(name: "fits-truncated-data.fits", expected: .exactly {
            .truncatedData(path: $0, hdu: 0, expectedBytes: 20_000, availableBytes: 4000)
        }),
        .init(name: "fits-naxis-beyond-file.fits", expected: .exactly {
            .truncatedData(path: $0, hdu: 0, expectedBytes: 8_000_000_000_000, availableBytes: 2880)
        }),
        .init(name: "fits-truncated.fits.gz", expected: .exactly {
            .truncatedCompressedFile(path: $0, detail: "its trailer records 2985459163 decompressed bytes, not a whole number of 2880-byte FITS blocks")
        }),
        .init(name: "fits-rice-stream-ends-early.fits", expected: .exactly {
            .file(path: $0, problem: "HDU 1 is a corrupt compressed image: the RICE_1 stream of tile 1 (5 bytes) ends before its 4 pixels are decoded")
        }),
        .init(name: "fits-rice-descriptor-beyond-heap.fits", expected: .exactly {
            .file(path: $0, problem: "HDU 1 is a corrupt compressed image: tile 1 claims 1073741824 bytes at heap offset 0 of a 5-byte heap")
        }),
        .init(name: "fits-ztile-zero.fits", expected: .exactly {
            .invalidKeyword(path: $0, keyword: "ZTILE1", value: "0", expected: "a positive tile size (HDU 1 is a tile-compressed image)")
        }),
    ]

    /// Checks `error` against the expectation for the file read as `path`.
    func verify(_ error: MagnetogramError, path: String) {
        switch expected {
        case let .exactly(make):
            #expect(error == make(path))
        case let .containing(phrase):
            #expect(error.description.contains(path), "\(error)")
            if !phrase.isEmpty { #expect(error.description.contains(phrase), "\(error)") }
        }
    }
}

@Suite("FITS bad inputs: typed errors, never a crash")
struct FITSBadInputTests {
    @Test(arguments: BadFITSFile.all)
    func readImageThrowsTheTypedError(_ file: BadFITSFile) throws {
        let path = badInput(file.name)
        let error = try #require(throws: MagnetogramError.self) { try FITSReader().readImage(at: path) }
        file.verify(error, path: path)
    }

    @Test(arguments: BadFITSFile.all)
    func bytesInMemoryGiveTheSameError(_ file: BadFITSFile) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: badInput(file.name)))
        let error = try #require(throws: MagnetogramError.self) {
            try FITSReader().readImage(bytes: bytes, name: "memory-\(file.name)")
        }
        file.verify(error, path: "memory-\(file.name)")
    }

    /// The headers of every bad file are read or refused with a typed error.
    @Test(arguments: BadFITSFile.all)
    func readHeadersNeverCrashes(_ file: BadFITSFile) {
        do {
            _ = try FITSReader().readHeaders(at: badInput(file.name))
        } catch {
            #expect(error is MagnetogramError, "\(error)")
        }
    }

    // MARK: The tile check on valid streams

    /// RICE_1 tiles of every kind of block (all-zero, Rice-coded, directly coded) written by
    /// cfitsio pass the check and read back exactly.
    @Test func validRiceTilesPassTheCheck() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SplitMix(seed: 11)
        let width = 97, height = 5
        var values: [Int32] = []
        for row in 0..<height {
            for column in 0..<width {
                switch row {
                case 0: values.append(0)  // low-entropy blocks
                case 1: values.append(Int32(column % 7))  // small differences
                case 2: values.append(Int32(bitPattern: UInt32(truncatingIfNeeded: generator.next())))  // high entropy
                case 3: values.append(Int32(truncatingIfNeeded: generator.next() % 200_000) - 100_000)
                default: values.append(column < 50 ? 5 : Int32(truncatingIfNeeded: generator.next() % 1000))
                }
            }
        }
        let path = folder.appendingPathComponent("tiles.fits").path
        try FITSWriter().write(integers: values, width: width, height: height, compression: .rice, to: path)
        #expect(try FITSReader().readImage(at: path).pixels == values.map(Float.init))
    }

    /// The stream walk itself, on hand-built streams (4 bytes per pixel, blocks of 32).
    @Test func riceStreamWalkCountsTheBytesItReads() {
        func complete(_ bytes: [UInt8], pixels: Int) -> Bool {
            bytes.withUnsafeBufferPointer {
                FITSTileCheck.riceStreamIsComplete($0, pixels: pixels, blockSize: 32, bytesPerPixel: 4)
            }
        }
        // First pixel, then FS bits 00000 (fs = -1: every difference zero) for one block.
        #expect(complete([0, 0, 0, 7, 0x00], pixels: 32))
        // Two blocks need two 5-bit FS fields: 10 bits, two bytes after the first pixel.
        #expect(!complete([0, 0, 0, 7, 0x00], pixels: 33))
        #expect(complete([0, 0, 0, 7, 0x00, 0x00], pixels: 33))
        // FS field 00001 (fs = 0): then a Rice code per pixel, here none follows.
        #expect(!complete([0, 0, 0, 7, 0x08], pixels: 1))
        // fs = 0 and the code "1" (zero leading zeros, no fs bits): 00001 1.. fits in one byte.
        #expect(complete([0, 0, 0, 7, 0x0C], pixels: 1))
        // Directly coded (fs = 25, FS field 11010): 32 bits per pixel after the field.
        #expect(!complete([0, 0, 0, 7, 0xD0, 1, 2, 3], pixels: 1))
        #expect(complete([0, 0, 0, 7, 0xD0, 1, 2, 3, 4], pixels: 1))
        // Shorter than the first pixel.
        #expect(!complete([0, 0, 0], pixels: 1))
    }

    // MARK: Limits: decompressed images above the pixel cap

    @Test func tileCompressedImageAboveThePixelCap() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("rice.fits").path
        try FITSWriter().write(integers: Array(0..<12), width: 4, height: 3, compression: .rice, to: path)
        let capped = FITSReader(options: FITSReadOptions(maximumPixelCount: 10))
        #expect(throws: MagnetogramError.imageTooLarge(path: path, hdu: 1, pixels: 12, limit: 10)) {
            try capped.readImage(at: path)
        }
        #expect(try FITSReader(options: FITSReadOptions(maximumPixelCount: 12)).readImage(at: path).pixels.count == 12)
    }

    /// cfitsio allocates what a gzip trailer records before inflating: the claim is checked
    /// against the cap first (8 bytes per allowed pixel plus 64 MiB).
    @Test func gzipTrailerClaimingMoreThanTheCapAllows() throws {
        var bytes = FITSBytes.gzip(FITSBytes.image(bitpix: 16, axes: [4, 3], values: Array(repeating: 2, count: 12)))
        let limit = 1000 * 8 + (64 << 20)
        let reader = FITSReader(options: FITSReadOptions(maximumPixelCount: 1000))
        #expect(try reader.readImage(bytes: bytes, name: "ok.fits.gz").pixels.count == 12)
        let claimed = (limit / 2880 + 1) * 2880  // whole FITS blocks, just above the limit
        bytes.replaceSubrange((bytes.count - 4)..., with: withUnsafeBytes(of: UInt32(claimed).littleEndian, Array.init))
        #expect(throws: MagnetogramError.file(
            path: "big.fits.gz",
            problem: "its gzip trailer records \(claimed) decompressed bytes (a truncated file ends in arbitrary "
                + "bytes), more than the \(limit) that FITSReadOptions.maximumPixelCount allows")) {
            try reader.readImage(bytes: bytes, name: "big.fits.gz")
        }
    }

    @Test func gzipImageAboveThePixelCap() throws {
        let bytes = FITSBytes.gzip(FITSBytes.image(bitpix: 16, axes: [4, 3], values: Array(repeating: 2, count: 12)))
        let capped = FITSReader(options: FITSReadOptions(maximumPixelCount: 11))
        #expect(throws: MagnetogramError.imageTooLarge(path: "cap.fits.gz", hdu: 0, pixels: 12, limit: 11)) {
            try capped.readImage(bytes: bytes, name: "cap.fits.gz")
        }
    }
}

/// A small seeded generator for test data (SplitMix64; Magnetogram does not import NeuralCore).
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Images that are FITS but not SHARP CEA line-of-sight magnetograms (`SHARPMagnetogramCheck`,
/// Documentation/Reliability.md): small files written here with the keywords of each product,
/// and the real files of ../shared/data when it is there.
@Suite("Magnetogram bad inputs: images that are not SHARP CEA magnetograms")
struct NotSHARPMagnetogramTests {
    /// The header cards of a product: SHARP CEA magnetogram values unless overridden (`nil`
    /// leaves the keyword out).
    static func cards(
        ctype: (String, String)? = ("CRLN-CEA", "CRLT-CEA"), cunit: String? = "degree", cdelt: Double? = 0.03,
        bunit: String? = "Mx/cm^2", content: String? = nil
    ) -> [FITSCard] {
        var cards: [FITSCard] = []
        if let ctype {
            cards += [FITSCard(keyword: "CTYPE1", string: ctype.0), FITSCard(keyword: "CTYPE2", string: ctype.1)]
        }
        if let cunit { cards += [FITSCard(keyword: "CUNIT1", string: cunit), FITSCard(keyword: "CUNIT2", string: cunit)] }
        if let cdelt { cards += [FITSCard(keyword: "CDELT1", double: cdelt), FITSCard(keyword: "CDELT2", double: cdelt)] }
        if let bunit { cards.append(FITSCard(keyword: "BUNIT", string: bunit)) }
        if let content { cards.append(FITSCard(keyword: "CONTENT", string: content)) }
        return cards
    }

    /// Writes a 6 x 4 image with `cards` as `name` in a new folder.
    static func write(_ name: String, _ cards: [FITSCard]) throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-sharp-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try FITSWriter().write([Float](repeating: 1, count: 24), width: 6, height: 4, cards: cards, to: path)
        return (folder, path)
    }

    static let sharpName = "hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits"

    /// The problems the check finds in a written file (and that the typed error carries).
    static func problems(_ name: String, _ cards: [FITSCard]) throws -> [String] {
        let (folder, path) = try write(name, cards)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try SHARPMagnetogramCheck.validate(fileAt: path)
            return []
        } catch let MagnetogramError.notSHARPMagnetogram(errorPath, problems) {
            #expect(errorPath == path)
            return problems
        }
    }

    @Test func sharpCEAMagnetogramsPass() throws {
        #expect(try Self.problems(Self.sharpName, Self.cards()).isEmpty)
        #expect(try Self.problems("region.fits", Self.cards(bunit: "Gauss")).isEmpty)
        #expect(try Self.problems("hmi.sharp_cea_720s.377.20110215_020000_TAI.Br.fits", Self.cards(bunit: "G")).isEmpty)
        #expect(try Self.problems("binned.fits", Self.cards(cunit: nil, cdelt: 0.12)).isEmpty)
    }

    @Test func aiaLevel1ImageIsRefused() throws {
        let found = try Self.problems(
            "aia.lev1.171A_2011-02-15T01_56_00.34Z.image_lev1.fits",
            Self.cards(ctype: ("HPLN-TAN", "HPLT-TAN"), cunit: "arcsec", cdelt: 0.6, bunit: nil))
        #expect(found.contains { $0.contains("CTYPE1 is 'HPLN-TAN'") }, "\(found)")
        #expect(found.contains { $0.contains("BUNIT is missing") }, "\(found)")
        #expect(found.contains { $0.contains("CDELT1 is 0.6") } && found.contains { $0.contains("CUNIT1 is 'arcsec'") }, "\(found)")
        #expect(found.contains { $0.contains("'lev1' segment") || $0.contains("'image_lev1' segment") }, "\(found)")
    }

    @Test func fullDiskHMIMagnetogramIsRefused() throws {
        let found = try Self.problems(
            "hmi.m_45s.20110215_020000_TAI.2.magnetogram.fits",
            Self.cards(ctype: ("HPLN-TAN", "HPLT-TAN"), cunit: "arcsec", cdelt: 0.504, bunit: "Mx/cm^2"))
        #expect(found.count == 6, "\(found)")   // CTYPE1, CTYPE2, and CUNIT and CDELT of each axis
        #expect(found.contains { $0.contains("CTYPE2 is 'HPLT-TAN', not 'CRLT-CEA'") }, "\(found)")
    }

    @Test func sharpContinuumBitmapAndConfidenceSegmentsAreRefused() throws {
        let continuum = try Self.problems(
            "hmi.sharp_cea_720s.377.20110215_020000_TAI.continuum.fits", Self.cards(bunit: "DN/s", content: "CONTINUUM INTENSITY"))
        #expect(continuum.count == 3 && continuum.contains { $0.contains("'continuum' segment") }, "\(continuum)")
        #expect(continuum.contains { $0.contains("BUNIT is 'DN/s'") } && continuum.contains { $0.contains("CONTENT") }, "\(continuum)")
        let bitmap = try Self.problems("hmi.sharp_cea_720s.377.20110215_020000_TAI.bitmap.fits", Self.cards(bunit: " "))
        #expect(bitmap.count == 2 && bitmap.contains { $0.contains("BUNIT is missing or empty") }, "\(bitmap)")
        // Every keyword right, but the name says conf_disambig.
        let confidence = try Self.problems("hmi.sharp_cea_720s.377.20110215_020000_TAI.conf_disambig.fits", Self.cards())
        #expect(confidence == ["the file name names the 'conf_disambig' segment, not the line-of-sight magnetogram"])
    }

    @Test func imageWithoutKeywordsNamesEachMissingOne() throws {
        let found = try Self.problems("plain.fits", [])
        #expect(found.count == 5, "\(found)")   // CTYPE1, CTYPE2, BUNIT, CDELT1, CDELT2
        let (folder, path) = try Self.write("plain.fits", [])
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: MagnetogramError.self) { try Magnetogram(sharpMagnetogramAt: path) }
        #expect(error.description.hasPrefix("\(path): not a SHARP CEA line-of-sight magnetogram: CTYPE1 is missing"), "\(error)")
        // Accepted on request (and then the missing pixel scale is the usual error).
        #expect(throws: MagnetogramError.invalidKeyword(path: path, keyword: "CDELT1/CDELT2", value: "missing/missing",
                                                         expected: "a positive pixel scale in degrees")) {
            try Magnetogram(sharpMagnetogramAt: path, acceptAnyImage: true)
        }
    }

    @Test func magnetogramReaderRefusesAnAIAImageUnlessAsked() throws {
        let (folder, path) = try Self.write("aia.fits", Self.cards(ctype: ("HPLN-TAN", "HPLT-TAN"), cunit: "arcsec", cdelt: 0.6, bunit: "DN"))
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: MagnetogramError.self) { try Magnetogram(sharpMagnetogramAt: path) }
        #expect(try Magnetogram(sharpMagnetogramAt: path, acceptAnyImage: true).width == 6)
        #expect(try Magnetogram(contentsOf: path).width == 6)   // the plain reader reads any image, as before
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipMessage))
    func realFilesOfTheSharedDataSet() throws {
        try SHARPMagnetogramCheck.validate(fileAt: SharedData.path("sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits"))
        _ = try Magnetogram(sharpMagnetogramAt: SharedData.path("sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits"))
        for (file, phrase) in [
            ("sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.bitmap.fits", "'bitmap' segment"),
            ("fulldisk/resampled_hmi.fits", "CTYPE1"),
            ("fits_conformance/m13.fits", "CTYPE1"),
        ] {
            let path = SharedData.path(file)
            let error = try #require(throws: MagnetogramError.self) { try SHARPMagnetogramCheck.validate(fileAt: path) }
            #expect(error.description.hasPrefix(path) && error.description.contains(phrase), "\(error)")
        }
    }
}
