import CFITSIO
import Foundation

/// How ``FITSWriter`` stores the pixels.
///
/// ```swift
/// try FITSWriter().write(pixels, width: 4, height: 3, compression: .gzip, to: "map.fits")   // lossless Float32
/// FITSImageCompression.rice.isLosslessForFloat   // false: integers only
/// ```
public enum FITSImageCompression: String, Sendable, CaseIterable {
    /// A plain image in the primary HDU.
    case none
    /// GZIP_1 tile compression (one tile per row) in HDU 1 after an empty primary HDU; lossless
    /// for both Float32 (cfitsio's quantisation is switched off) and integer images.
    case gzip
    /// RICE_1 tile compression (one tile per row) in HDU 1; integer images only: cfitsio cannot
    /// RICE-compress floating-point data without quantising it, which this writer never does.
    case rice
    /// HCOMPRESS_1 with scale 0 (lossless), tiles of up to 16 rows; integer images only.
    case hcompress
    /// PLIO_1 (run-length coding for masks); integer images with values in 0 ..< 2^24 only.
    case plio

    /// Whether the algorithm stores Float32 pixels losslessly (only `.none` and `.gzip` do).
    public var isLosslessForFloat: Bool {
        self == .none || self == .gzip
    }
}

/// Writes 2-D images to FITS files with cfitsio, atomically: the file is written under a
/// temporary name in the same directory and renamed over `path` only when complete, so a
/// reader never sees a partial file and a failed write leaves `path` as it was.
///
/// Two kinds of image:
/// - Float32 pixels (BITPIX -32), uncompressed or GZIP_1: lossless, NaN kept.
/// - Int32 pixels (BITPIX 32) with BSCALE / BZERO and an optional BLANK, uncompressed, GZIP_1,
///   RICE_1, HCOMPRESS_1 (scale 0) or PLIO_1, all lossless on integers (the SHARP layout:
///   int32, BSCALE 0.1, BLANK -2147483648, RICE_1). The integers are
///   stored exactly, so the only error is the quantisation the caller did: a physical value `v`
///   stored as `round((v - BZERO) / BSCALE)` comes back within `BSCALE / 2` (0.05 G for SHARP's
///   0.1), plus the Float32 rounding of the value read back. ``quantize(_:scale:zero:blank:)``
///   does that rounding.
///
/// The file itself is never gzipped as a whole, whatever its name (a `.fits.gz` name would
/// hold plain FITS): use tile compression instead. Paths are plain paths, not cfitsio's
/// extended file-name syntax.
///
/// Header cards are written in order after the structural keywords; cards that are
/// ``FITSCard/isStructural`` (BITPIX, NAXISn, BSCALE, compression keywords, ...) are skipped,
/// since the writer writes those itself. Non-standard value text such as `2.714760e+22` or
/// `nan` is written as it is.
///
/// ```swift
/// let writer = FITSWriter()
/// try writer.write(pixels, width: 744, height: 377, cards: header.userCards, compression: .gzip, to: "out.fits")
/// let stored = try FITSWriter.quantize(pixels, scale: 0.1)
/// try writer.write(integers: stored, width: 744, height: 377, scale: 0.1, blank: .min,
///                  cards: header.userCards, compression: .rice, to: "sharp.fits")
/// ```
public struct FITSWriter: Sendable {
    /// A writer.
    public init() {}

    /// Writes a Float32 image (row-major `[height][width]`).
    ///
    /// - Throws: `MagnetogramError.invalidArgument` for bad sizes or `.rice` (not lossless on
    ///   floats); `.cfitsio` / `.file` when the file cannot be written.
    public func write(
        _ pixels: [Float], width: Int, height: Int, cards: [FITSCard] = [], compression: FITSImageCompression = .none,
        to path: String
    ) throws {
        try FITSWriter.checkSize(count: pixels.count, width: width, height: height)
        guard compression.isLosslessForFloat else {
            throw MagnetogramError.invalidArgument(
                name: "compression", value: compression.rawValue,
                reason: "lossless only for integer images; use .gzip or .none for Float32, or write quantised integers")
        }
        try FITSWriter.atomically(path) { handle in
            try FITSWriter.create(handle, bitpix: FLOAT_IMG, width: width, height: height, compression: compression, lossless: true)
            try FITSWriter.writeCards(cards, to: handle)
            try pixels.withUnsafeBufferPointer { buffer in
                _ = try handle.check("writing the pixels") {
                    ffppr($0, TFLOAT, 1, LONGLONG(pixels.count), UnsafeMutableRawPointer(mutating: buffer.baseAddress), &$1)
                }
            }
        }
    }

    /// Writes an image read from a file with its header's ``FITSHeader/userCards``.
    public func write(_ image: FITSImage, compression: FITSImageCompression = .none, to path: String) throws {
        try write(image.pixels, width: image.width, height: image.height, cards: image.header.userCards, compression: compression, to: path)
    }

    /// Writes an Int32 image (row-major `[height][width]`) with BSCALE / BZERO written as given
    /// (the integers are stored as they are: physical value = BZERO + BSCALE x stored) and BLANK
    /// when `blank` is set.
    ///
    /// - Throws: `MagnetogramError.invalidArgument` for bad sizes or a non-finite or zero scale;
    ///   `.cfitsio` / `.file` when the file cannot be written.
    public func write(
        integers: [Int32], width: Int, height: Int, scale: Double = 1, zero: Double = 0, blank: Int32? = nil,
        cards: [FITSCard] = [], compression: FITSImageCompression = .rice, to path: String
    ) throws {
        try FITSWriter.checkSize(count: integers.count, width: width, height: height)
        guard scale.isFinite, scale != 0, zero.isFinite else {
            throw MagnetogramError.invalidArgument(name: "BSCALE / BZERO", value: "\(scale) / \(zero)", reason: "must be finite, BSCALE non-zero")
        }
        try FITSWriter.atomically(path) { handle in
            try FITSWriter.create(handle, bitpix: LONG_IMG, width: width, height: height, compression: compression, lossless: true)
            var scaleValue = scale
            var zeroValue = zero
            try handle.check("writing BSCALE") { ffpky($0, TDOUBLE, "BSCALE", &scaleValue, "physical = BZERO + BSCALE x stored", &$1) }
            try handle.check("writing BZERO") { ffpky($0, TDOUBLE, "BZERO", &zeroValue, "", &$1) }
            if var blankValue = blank {
                try handle.check("writing BLANK") { ffpky($0, TINT, "BLANK", &blankValue, "stored value of undefined pixels", &$1) }
            }
            try FITSWriter.writeCards(cards, to: handle)
            // Store the integers as given: no scaling on the way in.
            try handle.check("resetting the scaling") { ffpscl($0, 1, 0, &$1) }
            try integers.withUnsafeBufferPointer { buffer in
                _ = try handle.check("writing the pixels") {
                    ffppr($0, TINT, 1, LONGLONG(integers.count), UnsafeMutableRawPointer(mutating: buffer.baseAddress), &$1)
                }
            }
        }
    }

    /// Quantises physical values to the integers stored with BSCALE `scale` and BZERO `zero`:
    /// `round((v - zero) / scale)` (ties away from zero), NaN and infinities to `blank`.
    /// Reading back gives each value within `|scale| / 2` (plus Float32 rounding).
    ///
    /// - Throws: `MagnetogramError.invalidArgument` when `scale` is zero or not finite, or when a
    ///   value does not fit in Int32 at this scale (or lands on `blank`).
    public static func quantize(_ values: [Float], scale: Double, zero: Double = 0, blank: Int32 = .min) throws -> [Int32] {
        guard scale.isFinite, scale != 0, zero.isFinite else {
            throw MagnetogramError.invalidArgument(name: "scale", value: "\(scale)", reason: "must be finite and non-zero")
        }
        var result = [Int32](repeating: blank, count: values.count)
        for (index, value) in values.enumerated() where value.isFinite {
            let stored = ((Double(value) - zero) / scale).rounded(.toNearestOrAwayFromZero)
            guard stored >= Double(Int32.min), stored <= Double(Int32.max), Int32(stored) != blank else {
                throw MagnetogramError.invalidArgument(
                    name: "pixel \(index)", value: "\(value)", reason: "does not fit in Int32 at BSCALE \(scale), BZERO \(zero)")
            }
            result[index] = Int32(stored)
        }
        return result
    }

    // MARK: Steps

    static func checkSize(count: Int, width: Int, height: Int) throws {
        guard width > 0, height > 0, width.multipliedReportingOverflow(by: height) == (count, false) else {
            throw MagnetogramError.invalidArgument(
                name: "image size", value: "\(height) x \(width)", reason: "needs positive sizes and \(height) x \(width) pixels, got \(count)")
        }
    }

    /// Writes with `body` into a temporary file next to `path`, then renames it over `path`.
    static func atomically(_ path: String, _ body: (FITSHandle) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        try withCFITSIO {
            let handle = try FITSHandle.create(path: temporary)
            do {
                try body(handle)
                try handle.closeChecked()
            } catch {
                handle.close()
                try? FileManager.default.removeItem(atPath: temporary)
                throw error
            }
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw MagnetogramError.file(path: path, problem: "cannot rename the written temporary file into place: \(reason)")
        }
    }

    /// Creates the image HDU (after setting up tile compression when asked).
    static func create(_ handle: FITSHandle, bitpix: Int32, width: Int, height: Int, compression: FITSImageCompression, lossless: Bool) throws {
        switch compression {
        case .none:
            break
        case .gzip:
            try handle.check("choosing GZIP_1 compression") { fits_set_compression_type($0, GZIP_1, &$1) }
        case .rice:
            try handle.check("choosing RICE_1 compression") { fits_set_compression_type($0, RICE_1, &$1) }
        case .hcompress:
            try handle.check("choosing HCOMPRESS_1 compression") { fits_set_compression_type($0, HCOMPRESS_1, &$1) }
        case .plio:
            try handle.check("choosing PLIO_1 compression") { fits_set_compression_type($0, PLIO_1, &$1) }
        }
        if compression != .none {
            var tile = [width, compression == .hcompress ? min(height, 16) : 1]
            try handle.check("choosing the tile size") { fits_set_tile_dim($0, 2, &tile, &$1) }
            if lossless {
                // A quantize level of 0 stores floating-point pixels losslessly.
                try handle.check("switching quantisation off") { fits_set_quantize_level($0, 0, &$1) }
            }
        }
        var axes = [width, height]
        try handle.check("creating the image") { ffcrim($0, bitpix, 2, &axes, &$1) }
    }

    /// Writes the non-structural cards: strings through cfitsio's long-string writer, COMMENT
    /// and HISTORY through its commentary writers, everything else as a card image.
    static func writeCards(_ cards: [FITSCard], to handle: FITSHandle) throws {
        for card in cards where !card.isStructural {
            if let value = card.value, value.hasPrefix("'"), let string = FITSValue.unquote(value), card.keyword.count <= 8 {
                try handle.check("writing keyword \(card.keyword)") { ffpkls($0, card.keyword, string, card.comment, &$1) }
            } else if card.value == nil, card.comment.isEmpty {
                try handle.check("writing an empty \(card.keyword) card") { ffprec($0, card.keyword, &$1) }
            } else if card.value == nil, card.keyword == "COMMENT" {
                try handle.check("writing a COMMENT card") { ffpcom($0, card.comment, &$1) }
            } else if card.value == nil, card.keyword == "HISTORY" {
                try handle.check("writing a HISTORY card") { ffphis($0, card.comment, &$1) }
            } else {
                try handle.check("writing keyword \(card.keyword)") { ffprec($0, card.imageForWriting, &$1) }
            }
        }
    }
}
