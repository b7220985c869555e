import CFITSIO
import Foundation

/// Reads images and headers from FITS files with cfitsio.
///
/// - Images in the primary HDU or the first image extension, tile-compressed (RICE_1, GZIP_1,
///   GZIP_2, HCOMPRESS_1, PLIO_1) or not, in a plain or a whole-file gzip (`.fits.gz`) file.
/// - Any BITPIX (8, 16, 32, 64, -32, -64), read as Float32 with BSCALE / BZERO applied; BLANK
///   (ZBLANK) pixels, NaN and infinities become NaN.
/// - Before anything is allocated, each HDU's data size (BITPIX x NAXISn, PCOUNT, GCOUNT) is
///   checked against the bytes the file holds, and the pixel count against
///   ``FITSReadOptions/maximumPixelCount``.
///
/// Every failure is a typed ``MagnetogramError`` naming the file and the cause: `.emptyFile`,
/// `.notFITS` (an HTML page saved as `.fits`), `.truncatedCompressedFile` (a cut `.fits.gz`),
/// `.truncatedData` (a data unit cut short, or NAXIS promising more than the file holds),
/// `.noImage`, `.notTwoDimensional` (a cube), `.imageTooLarge`, `.cfitsio` (anything else cfitsio
/// reports, e.g. a corrupt compressed tile). Partial data is never returned.
///
/// ```swift
/// let reader = FITSReader()
/// let image = try reader.readImage(at: "m13_rice.fits")
/// print(image.shape, image.statistics.mean ?? .nan)   // [300, 300] 147.70...
/// let headers = try reader.readHeaders(at: "m13_rice.fits")   // every HDU, as stored
/// ```
public struct FITSReader: Sendable {
    /// Which HDU to read and the size limits.
    public var options: FITSReadOptions

    /// A reader with the given options (defaults: first image HDU, 2^28 pixels at most).
    public init(options: FITSReadOptions = FITSReadOptions()) {
        self.options = options
    }

    // MARK: Images

    /// Reads the image of the FITS file at `path` (see the type's documentation).
    public func readImage(at path: String) throws -> FITSImage {
        try withCFITSIO {
            let handle = try FITSReader.open(path: path, decompressedLimit: decompressedLimit)
            defer { handle.close() }
            return try readImage(handle)
        }
    }

    /// Reads the image of FITS bytes held in memory (plain or whole-file gzip), with the same
    /// checks and errors as a file; `name` stands for the file in errors and in the image.
    ///
    /// The bytes go through a private temporary file: cfitsio's in-memory driver trusts the
    /// header's sizes, which would let a truncated buffer be read past its end.
    public func readImage(bytes: Data, name: String = "<memory>") throws -> FITSImage {
        _ = try FITSSignature.check(FITSSignature(prefix: bytes.prefix(40)), path: name)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-fits-\(UUID().uuidString)")
        let file = folder.appendingPathComponent("memory.fits")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try bytes.write(to: file)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw MagnetogramError.file(path: name, problem: "cannot stage the bytes in a temporary file: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            var image = try readImage(at: file.path)
            image.path = name
            image.header.path = name
            image.compression?.tableHeader.path = name
            return image
        } catch let error as MagnetogramError {
            throw error.replacingPath(file.path, with: name)
        }
    }

    /// The header of every HDU of the file, as stored (a compressed image's is its table's).
    public func readHeaders(at path: String) throws -> [FITSHeader] {
        try withCFITSIO {
            let handle = try FITSReader.open(path: path, decompressedLimit: decompressedLimit)
            defer { handle.close() }
            var headers: [FITSHeader] = []
            var index = 0
            while try handle.move(to: index) != nil {
                let header = try handle.storedHeader()
                try FITSReader.checkDataSize(handle, hdu: index, header: header)
                headers.append(header)
                index += 1
            }
            return headers
        }
    }

    private func readImage(_ handle: FITSHandle) throws -> FITSImage {
        let path = handle.path
        let (hdu, stored) = try locateImage(handle)
        var dimensions: Int32 = 0
        try handle.check("reading NAXIS of HDU \(hdu)") { ffgidm($0, &dimensions, &$1) }
        var axes = [LONGLONG](repeating: 0, count: Int(max(dimensions, 1)))
        try handle.check("reading NAXISn of HDU \(hdu)") { ffgiszll($0, dimensions, &axes, &$1) }
        let sizes = axes.prefix(Int(dimensions)).map { Int($0) }
        let extra = sizes.dropFirst(2)
        guard sizes.count >= 2, extra.isEmpty || (options.acceptsDegenerateAxes && extra.allSatisfy { $0 == 1 }) else {
            throw MagnetogramError.notTwoDimensional(path: path, hdu: hdu, axes: sizes)
        }
        let (width, height) = (sizes[0], sizes[1])
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, count <= options.maximumPixelCount else {
            throw MagnetogramError.imageTooLarge(path: path, hdu: hdu, pixels: overflow ? Int.max : count, limit: options.maximumPixelCount)
        }
        var bitpix: Int32 = 0
        try handle.check("reading BITPIX of HDU \(hdu)") { ffgidt($0, &bitpix, &$1) }
        let compressed = try handle.isCompressedImage()
        // cfitsio's tile decoders trust the tiles' bytes: corrupt tiles become a typed error first.
        if compressed, count > 0 { try FITSTileCheck.check(handle, hdu: hdu, header: stored) }

        var pixels = [Float](repeating: 0, count: count)
        var anyNull: Int32 = 0
        if count > 0 {
            var null = Float.nan
            try pixels.withUnsafeMutableBufferPointer { buffer in
                _ = try handle.check("reading the pixels of HDU \(hdu)") {
                    ffgpv($0, TFLOAT, 1, LONGLONG(count), &null, buffer.baseAddress, &anyNull, &$1)
                }
            }
        }
        let compression = compressed ? try FITSCompression(tableHeader: stored) : nil
        var image = try FITSImage(
            path: path, hduIndex: hdu, width: width, height: height, bitpix: Int(bitpix), compressed: compressed,
            pixels: pixels, header: compression?.imageHeader ?? stored, compression: compression)
        // Only floating-point data can store infinities: count them (a null value of 0 turns
        // cfitsio's undefined-pixel check off, so they come through as they are stored).
        if options.countsInfinitePixels, anyNull != 0, bitpix < 0 {
            var raw = [Float](repeating: 0, count: count)
            var null: Float = 0
            var rawNull: Int32 = 0
            try raw.withUnsafeMutableBufferPointer { buffer in
                _ = try handle.check("reading the pixels of HDU \(hdu)") {
                    ffgpv($0, TFLOAT, 1, LONGLONG(count), &null, buffer.baseAddress, &rawNull, &$1)
                }
            }
            image.infinitePixelCount = raw.reduce(0) { $0 + ($1.isInfinite ? 1 : 0) }
        }
        return image
    }

    /// The HDU to read and its stored header: the requested one, or the first with image data.
    private func locateImage(_ handle: FITSHandle) throws -> (Int, FITSHeader) {
        if let requested = options.hdu {
            let (type, header) = try FITSReader.requestedHDU(handle, requested)
            guard type == IMAGE_HDU else {
                throw MagnetogramError.wrongHDUType(
                    path: handle.path, hdu: requested, expected: "an image", found: FITSReader.describe(type: type, header: header))
            }
            return (requested, header)
        }
        var index = 0
        while let type = try handle.move(to: index) {
            let header = try handle.storedHeader()
            try FITSReader.checkDataSize(handle, hdu: index, header: header)
            if type == IMAGE_HDU {
                var dimensions: Int32 = 0
                try handle.check("reading NAXIS of HDU \(index)") { ffgidm($0, &dimensions, &$1) }
                if dimensions > 0 { return (index, header) }
            }
            index += 1
        }
        throw MagnetogramError.noImage(path: handle.path, hduCount: index)
    }

    // MARK: Shared by the image and table readers

    /// The largest decompressed `.fits.gz` stream to accept: 8 bytes per allowed pixel plus
    /// 64 MiB for headers and tables (cfitsio allocates the size the gzip trailer records).
    var decompressedLimit: Int { FITSReader.decompressedLimit(maximumPixelCount: options.maximumPixelCount) }

    static func decompressedLimit(maximumPixelCount: Int) -> Int {
        let (bytes, overflow) = max(maximumPixelCount, 0).multipliedReportingOverflow(by: 8)
        let (limit, overflow2) = bytes.addingReportingOverflow(64 << 20)
        return overflow || overflow2 ? Int.max : limit
    }

    /// Opens a file after checking its first bytes; for gzip, checks that the whole stream was
    /// decompressed (the size in its trailer matches what cfitsio got).
    static func open(
        path: String, decompressedLimit: Int = FITSReader.decompressedLimit(maximumPixelCount: FITSReadOptions().maximumPixelCount)
    ) throws -> FITSHandle {
        let signature = try FITSSignature.check(path: path)
        // cfitsio divides by header values when it moves to a compressed image: check them first.
        if signature == .fits { try FITSHeaderPrescan.check(path: path) }
        // A whole FITS stream is whole 2880-byte blocks; cfitsio's memory driver reads past its
        // buffer for some streams that are not (found by fuzzing).
        if signature == .gzip, let recorded = FITSSignature.gzipRecordedSize(path: path), recorded == 0 || recorded % 2880 != 0 {
            throw MagnetogramError.truncatedCompressedFile(
                path: path, detail: "its trailer records \(recorded) decompressed bytes, not a whole number of 2880-byte FITS blocks")
        }
        // cfitsio allocates the decompressed size a gzip trailer records before it inflates.
        if signature == .gzip, let recorded = FITSSignature.gzipRecordedSize(path: path), Int(recorded) > decompressedLimit {
            throw MagnetogramError.file(
                path: path,
                problem: "its gzip trailer records \(recorded) decompressed bytes (a truncated file ends in arbitrary "
                    + "bytes), more than the \(decompressedLimit) that FITSReadOptions.maximumPixelCount allows")
        }
        let handle: FITSHandle
        do {
            handle = try FITSHandle.open(path: path)
        } catch let MagnetogramError.cfitsio(_, _, status, message) where signature == .gzip {
            throw MagnetogramError.truncatedCompressedFile(
                path: path, detail: "no complete FITS header in the decompressed stream (cfitsio status \(status): \(message))")
        }
        if signature == .gzip, let recorded = FITSSignature.gzipRecordedSize(path: path) {
            let size = handle.streamSize
            if UInt32(truncatingIfNeeded: size) != recorded {
                handle.close()
                throw MagnetogramError.truncatedCompressedFile(
                    path: path, detail: "the gzip stream decompresses to \(size) bytes but its trailer records \(recorded)")
            }
        }
        return handle
    }

    /// Throws `.truncatedData` when the current HDU's header promises more data bytes than
    /// follow it: |BITPIX| / 8 x GCOUNT x (PCOUNT + NAXIS1 x ... x NAXISn).
    /// Moves to the HDU a caller asked for, reads its header and checks that the file holds
    /// its data.
    /// - Throws: ``MagnetogramError/noSuchHDU(path:hdu:hduCount:)`` when there is no such HDU.
    static func requestedHDU(_ handle: FITSHandle, _ hdu: Int) throws -> (type: Int32, header: FITSHeader) {
        guard hdu >= 0, let type = try handle.move(to: hdu) else {
            throw MagnetogramError.noSuchHDU(path: handle.path, hdu: hdu, hduCount: try FITSReader.countHDUs(handle))
        }
        let header = try handle.storedHeader()
        try FITSReader.checkDataSize(handle, hdu: hdu, header: header)
        return (type, header)
    }

    static func checkDataSize(_ handle: FITSHandle, hdu: Int, header: FITSHeader) throws {
        let dimensions = try header.integer("NAXIS") ?? 0
        guard dimensions > 0 else { return }
        let bytesPerValue = abs(try header.integer("BITPIX") ?? 8) / 8
        let groups = try header.bool("GROUPS") ?? false
        var product = 1
        var overflow = false
        for axis in 1...dimensions {
            guard let length = try header.integer("NAXIS\(axis)") else {
                throw MagnetogramError.invalidKeyword(path: handle.path, keyword: "NAXIS\(axis)", value: "", expected: "present")
            }
            if axis == 1, groups, length == 0 { continue }
            let (next, over) = product.multipliedReportingOverflow(by: max(length, 0))
            product = next
            overflow = overflow || over
        }
        let parameters = try header.integer("PCOUNT") ?? 0
        let groupCount = try header.integer("GCOUNT") ?? 1
        var expected = Int.max
        if !overflow {
            let (sum, o1) = product.addingReportingOverflow(max(parameters, 0))
            let (values, o2) = sum.multipliedReportingOverflow(by: max(groupCount, 0))
            let (bytes, o3) = values.multipliedReportingOverflow(by: bytesPerValue)
            if !(o1 || o2 || o3) { expected = bytes }
        }
        let available = max(handle.streamSize - (try handle.dataStart()), 0)
        if expected > available {
            throw MagnetogramError.truncatedData(path: handle.path, hdu: hdu, expectedBytes: expected, availableBytes: available)
        }
    }

    /// The number of HDUs (walking to the end of the file).
    static func countHDUs(_ handle: FITSHandle) throws -> Int {
        (try? handle.hduCount()) ?? 0
    }

    /// "a binary table", "an ASCII table", "an image".
    static func describe(type: Int32, header: FITSHeader) -> String {
        switch type {
        case IMAGE_HDU: return "an image"
        case ASCII_TBL: return "an ASCII table"
        case BINARY_TBL: return "a binary table"
        default: return "an HDU of type \(type)"
        }
    }
}

extension MagnetogramError {
    /// The same error naming `replacement` wherever it named `path` (for bytes read through a
    /// temporary file).
    func replacingPath(_ path: String, with replacement: String) -> MagnetogramError {
        func swap(_ text: String) -> String { text.replacingOccurrences(of: path, with: replacement) }
        switch self {
        case let .file(p, problem): return .file(path: swap(p), problem: swap(problem))
        case let .invalidKeyword(p, keyword, value, expected): return .invalidKeyword(path: swap(p), keyword: keyword, value: value, expected: expected)
        case let .emptyFile(p): return .emptyFile(path: swap(p))
        case let .notFITS(p, start): return .notFITS(path: swap(p), start: start)
        case let .truncatedCompressedFile(p, detail): return .truncatedCompressedFile(path: swap(p), detail: swap(detail))
        case let .truncatedData(p, hdu, expected, available):
            return .truncatedData(path: swap(p), hdu: hdu, expectedBytes: expected, availableBytes: available)
        case let .invalidHeader(p, card, reason): return .invalidHeader(path: swap(p), card: card, reason: reason)
        case let .noImage(p, count): return .noImage(path: swap(p), hduCount: count)
        case let .noSuchHDU(p, hdu, count): return .noSuchHDU(path: swap(p), hdu: hdu, hduCount: count)
        case let .wrongHDUType(p, hdu, expected, found): return .wrongHDUType(path: swap(p), hdu: hdu, expected: expected, found: found)
        case let .notTwoDimensional(p, hdu, axes): return .notTwoDimensional(path: swap(p), hdu: hdu, axes: axes)
        case let .imageTooLarge(p, hdu, pixels, limit): return .imageTooLarge(path: swap(p), hdu: hdu, pixels: pixels, limit: limit)
        case let .missingColumn(p, hdu, column): return .missingColumn(path: swap(p), hdu: hdu, column: column)
        case let .unsupportedColumn(p, column, reason): return .unsupportedColumn(path: swap(p), column: column, reason: reason)
        case let .cfitsio(p, operation, status, message):
            return .cfitsio(path: swap(p), operation: operation, status: status, message: swap(message))
        default: return self
        }
    }
}
