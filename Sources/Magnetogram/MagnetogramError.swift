/// Every error the Magnetogram module throws. Each case names the file or value it is about.
public enum MagnetogramError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A FITS file that cannot be read or written, or is malformed: the file and the cause.
    case file(path: String, problem: String)
    /// A header keyword that is present but cannot be read as the type it must have.
    case invalidKeyword(path: String, keyword: String, value: String, expected: String)
    /// An argument outside its domain (a non-positive size, an empty image, ...).
    case invalidArgument(name: String, value: String, reason: String)

    // MARK: FITS input

    /// The file holds no bytes at all.
    case emptyFile(path: String)
    /// The file is not FITS at all (it does not start with `SIMPLE  =`, nor with a compression
    /// signature): `start` shows its first printable characters, e.g. `<!DOCTYPE html>`.
    case notFITS(path: String, start: String)
    /// A whole-file compressed (`.fits.gz`) file whose compressed stream is cut short or damaged.
    case truncatedCompressedFile(path: String, detail: String)
    /// The data unit of HDU `hdu` (0-based) needs `expectedBytes` bytes (BITPIX x NAXISn, plus
    /// PCOUNT for tables) but only `availableBytes` follow its header: the file was truncated, or
    /// its header promises more data than the file holds.
    case truncatedData(path: String, hdu: Int, expectedBytes: Int, availableBytes: Int)
    /// A header card (1-based position) that cannot be parsed.
    case invalidHeader(path: String, card: Int, reason: String)
    /// No HDU of the file holds an image (every HDU is empty or a table).
    case noImage(path: String, hduCount: Int)
    /// The requested HDU (0-based) does not exist.
    case noSuchHDU(path: String, hdu: Int, hduCount: Int)
    /// The HDU is not of the kind asked for (an image where a binary table is needed, ...).
    case wrongHDUType(path: String, hdu: Int, expected: String, found: String)
    /// An image with more than two non-degenerate axes (or fewer than two) where a 2-D image is
    /// required; `axes` are NAXIS1, NAXIS2, ... as in the header.
    case notTwoDimensional(path: String, hdu: Int, axes: [Int])
    /// An image whose pixel count exceeds the configured cap (checked before allocating).
    case imageTooLarge(path: String, hdu: Int, pixels: Int, limit: Int)
    /// A binary-table column that is not in the table.
    case missingColumn(path: String, hdu: Int, column: String)
    /// A binary-table column that cannot be read as numbers (strings, complex, variable length).
    case unsupportedColumn(path: String, column: String, reason: String)
    /// cfitsio reported an error: the operation, its status code and its message.
    case cfitsio(path: String, operation: String, status: Int32, message: String)
    /// The image is not a SHARP CEA line-of-sight magnetogram (``SHARPMagnetogramCheck``):
    /// each problem names the keyword or file-name segment and what it holds.
    case notSHARPMagnetogram(path: String, problems: [String])

    public var description: String {
        switch self {
        case let .file(path, problem):
            return "\(path): \(problem)"
        case let .invalidKeyword(path, keyword, value, expected):
            let shown = value.unicodeScalars.map { (0x20...0x7E).contains($0.value) ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined()
            return "\(path): keyword \(keyword) = '\(shown)' is not \(expected)"
        case let .invalidArgument(name, value, reason):
            return "invalid \(name) \(value): \(reason)"
        case let .emptyFile(path):
            return "\(path): the file is empty (0 bytes), not a FITS file"
        case let .notFITS(path, start):
            return "\(path): not a FITS file (it does not start with 'SIMPLE  =' but with \"\(start)\")"
        case let .truncatedCompressedFile(path, detail):
            return "\(path): the compressed file is truncated or damaged: \(detail)"
        case let .truncatedData(path, hdu, expectedBytes, availableBytes):
            return "\(path): HDU \(hdu) is truncated: its header (BITPIX, NAXISn, PCOUNT, GCOUNT) promises "
                + "\(expectedBytes) bytes of data but the file holds only \(availableBytes) after the header"
        case let .invalidHeader(path, card, reason):
            return "\(path): header card \(card) cannot be read: \(reason)"
        case let .noImage(path, hduCount):
            return "\(path): no image HDU (the file has \(hduCount) HDU\(hduCount == 1 ? "" : "s"), none with image data)"
        case let .noSuchHDU(path, hdu, hduCount):
            return "\(path): there is no HDU \(hdu) (the file has \(hduCount), numbered from 0)"
        case let .wrongHDUType(path, hdu, expected, found):
            return "\(path): HDU \(hdu) is \(found), not \(expected)"
        case let .notTwoDimensional(path, hdu, axes):
            return "\(path): HDU \(hdu) is not a 2-D image: it has \(axes.count) \(axes.count == 1 ? "axis" : "axes") "
                + "(\(axes.map(String.init).joined(separator: " x ")), NAXIS1 first)"
        case let .imageTooLarge(path, hdu, pixels, limit):
            return "\(path): HDU \(hdu) has \(pixels) pixels, more than the limit of \(limit)"
        case let .missingColumn(path, hdu, column):
            return "\(path): HDU \(hdu) has no column named \(column)"
        case let .unsupportedColumn(path, column, reason):
            return "\(path): column \(column) cannot be read as numbers: \(reason)"
        case let .cfitsio(path, operation, status, message):
            return "\(path): \(operation) failed (cfitsio status \(status): \(message))"
        case let .notSHARPMagnetogram(path, problems):
            return "\(path): not a SHARP CEA line-of-sight magnetogram: " + problems.joined(separator: "; ")
                + " (the flarekit commands read other images only with --accept-any-image)"
        }
    }
}
