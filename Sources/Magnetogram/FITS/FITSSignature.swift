import Foundation

/// What the first bytes of a file say it is, checked before cfitsio sees it so that an empty
/// file, an HTML error page saved as `.fits` or a cut `.fits.gz` get an error naming the cause.
enum FITSSignature: Equatable {
    /// Starts with `SIMPLE  =`.
    case fits
    /// gzip (`1F 8B`): cfitsio decompresses it whole.
    case gzip
    /// Another whole-file compression cfitsio understands (Unix compress, pack, pkzip, bzip2).
    case otherCompression
    /// Empty.
    case empty
    /// Anything else; the associated text is the first printable characters.
    case other(String)

    /// Classifies the first bytes of a file (at least 10 when the file has them).
    init(prefix bytes: some Collection<UInt8>) {
        let head = Array(bytes.prefix(16))
        if head.isEmpty {
            self = .empty
        } else if head.starts(with: Array("SIMPLE  =".utf8)) {
            self = .fits
        } else if head.starts(with: [0x1F, 0x8B]) {
            self = .gzip
        } else if head.starts(with: [0x1F, 0x9D]) || head.starts(with: [0x1F, 0x1E]) || head.starts(with: [0x1F, 0xA0])
            || head.starts(with: Array("PK\u{3}\u{4}".utf8)) || head.starts(with: Array("BZh".utf8)) {
            self = .otherCompression
        } else {
            self = .other(FITSSignature.printable(bytes.prefix(40)))
        }
    }

    /// The bytes as text, non-printable ones as `\xNN`.
    static func printable(_ bytes: some Collection<UInt8>) -> String {
        bytes.map { byte in
            (0x20...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(format: "%02X", byte)
        }.joined()
    }

    /// Reads the signature of a file on disk, throwing `.emptyFile` / `.notFITS` for the cases
    /// cfitsio would only report as a read error.
    static func check(path: String) throws -> FITSSignature {
        // A folder opens for reading on Linux (and then reads as 0 bytes): say what it is.
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MagnetogramError.file(path: path, problem: "no such file")
        }
        if isDirectory.boolValue { throw MagnetogramError.file(path: path, problem: "is a directory, not a file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw MagnetogramError.file(path: path, problem: "permission denied (the file cannot be read by this user)")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 40)) ?? Data()
        return try check(FITSSignature(prefix: head), path: path)
    }

    /// Throws for the signatures that cannot be FITS.
    static func check(_ signature: FITSSignature, path: String) throws -> FITSSignature {
        switch signature {
        case .empty: throw MagnetogramError.emptyFile(path: path)
        case let .other(start): throw MagnetogramError.notFITS(path: path, start: start)
        default: return signature
        }
    }

    /// For a gzip file: the uncompressed size its trailer records (ISIZE, modulo 2^32), which a
    /// complete stream ends with. A stream cut short ends with arbitrary bytes instead, so a
    /// mismatch with what cfitsio decompressed means truncation (a multi-member gzip file, which
    /// records only its last member's size, would be reported as truncated too).
    static func gzipRecordedSize(path: String) -> UInt32? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), end >= 18 else { return nil }
        guard (try? handle.seek(toOffset: end - 4)) != nil, let tail = try? handle.read(upToCount: 4), tail.count == 4 else {
            return nil
        }
        return tail.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
}
