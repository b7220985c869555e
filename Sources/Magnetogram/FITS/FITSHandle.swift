import CFITSIO
import Foundation

/// Serialises every use of cfitsio in the module. cfitsio is built reentrant, but its error
/// message stack is global: one operation at a time keeps each error message with its file.
let cfitsioLock = NSLock()

/// Runs `body` while holding the cfitsio lock.
func withCFITSIO<T>(_ body: () throws -> T) rethrows -> T {
    cfitsioLock.lock()
    defer { cfitsioLock.unlock() }
    return try body()
}

/// An open cfitsio file: the `fitsfile` pointer, the path for messages, and status handling.
/// Used only inside `withCFITSIO`; closed by `close()` or when released.
final class FITSHandle {
    private(set) var pointer: UnsafeMutablePointer<fitsfile>?
    let path: String

    private init(pointer: UnsafeMutablePointer<fitsfile>?, path: String) {
        self.pointer = pointer
        self.path = path
    }

    deinit {
        close()
    }

    /// Opens a disk file read-only, without cfitsio's extended file-name syntax (so `[`, `+` and
    /// `()` in a path are plain characters). Whole-file gzip is decompressed by cfitsio.
    static func open(path: String) throws -> FITSHandle {
        var status: Int32 = 0
        var file: UnsafeMutablePointer<fitsfile>?
        ffcmsg()
        ffdkopn(&file, path, READONLY, &status)
        guard status == 0, file != nil else {
            throw FITSHandle.error(path: path, operation: "opening the file", status: status)
        }
        return FITSHandle(pointer: file, path: path)
    }

    /// Creates a new disk file for writing (the path must not exist).
    static func create(path: String) throws -> FITSHandle {
        var status: Int32 = 0
        var file: UnsafeMutablePointer<fitsfile>?
        ffcmsg()
        ffdkinit(&file, path, &status)
        guard status == 0, file != nil else {
            throw FITSHandle.error(path: path, operation: "creating the file", status: status)
        }
        return FITSHandle(pointer: file, path: path)
    }

    /// Closes the file (flushing writes); throws the cfitsio error of a failed close.
    func closeChecked() throws {
        guard let file = pointer else { return }
        var status: Int32 = 0
        ffclos(file, &status)
        pointer = nil
        if status != 0 { throw FITSHandle.error(path: path, operation: "closing the file", status: status) }
    }

    /// Closes the file, ignoring errors.
    func close() {
        if let file = pointer {
            var status: Int32 = 0
            ffclos(file, &status)
            pointer = nil
        }
    }

    /// Runs one cfitsio call with a fresh status and turns a non-zero status into an error.
    @discardableResult
    func check(_ operation: @autoclosure () -> String, _ call: (UnsafeMutablePointer<fitsfile>, inout Int32) -> Int32) throws -> Int32 {
        guard let file = pointer else {
            throw MagnetogramError.file(path: path, problem: "the file is already closed")
        }
        var status: Int32 = 0
        let result = call(file, &status)
        if status != 0 { throw FITSHandle.error(path: path, operation: operation(), status: status) }
        return result
    }

    /// The size in bytes of the FITS stream cfitsio reads (the decompressed size for `.gz`).
    var streamSize: Int {
        guard let file = pointer, let shared = file.pointee.Fptr else { return 0 }
        return Int(shared.pointee.filesize)
    }

    // MARK: HDUs

    /// The number of HDUs in the file (cfitsio walks to the end to count them).
    func hduCount() throws -> Int {
        var count: Int32 = 0
        try check("counting HDUs") { ffthdu($0, &count, &$1) }
        return Int(count)
    }

    /// Moves to HDU `index` (0-based); returns cfitsio's HDU type (IMAGE_HDU for compressed
    /// images too). Returns `nil` when the file has no such HDU.
    func move(to index: Int) throws -> Int32? {
        guard let file = pointer else { return nil }
        var status: Int32 = 0
        var type: Int32 = 0
        ffcmsg()
        ffmahd(file, Int32(index + 1), &type, &status)
        if status == END_OF_FILE { return nil }
        if status != 0 { throw FITSHandle.error(path: path, operation: "moving to HDU \(index)", status: status) }
        return type
    }

    /// The header of the current HDU as stored (for a compressed image: the binary table's).
    func storedHeader() throws -> FITSHeader {
        var count: Int32 = 0
        var more: Int32 = 0
        try check("reading the header size") { ffghsp($0, &count, &more, &$1) }
        var images: [String] = []
        images.reserveCapacity(Int(count))
        var buffer = [CChar](repeating: 0, count: Int(FLEN_CARD) + 1)
        if count > 0 {
            for index in 1...count {
                try check("reading header card \(index)") { ffgrec($0, index, &buffer, &$1) }
                images.append(FITSHandle.string(buffer))
            }
        }
        return try FITSHeader(cardImages: images, path: path)
    }

    /// Whether the current HDU is a tile-compressed image.
    func isCompressedImage() throws -> Bool {
        try check("checking for a compressed image") { fits_is_compressed_image($0, &$1) } != 0
    }

    /// The byte offset of the current HDU's data unit in the stream.
    func dataStart() throws -> Int {
        var head: LONGLONG = 0, data: LONGLONG = 0, end: LONGLONG = 0
        try check("locating the data unit") { ffghadll($0, &head, &data, &end, &$1) }
        return Int(data)
    }

    // MARK: Errors

    /// The text of a NUL-terminated C buffer (invalid UTF-8 becomes U+FFFD).
    static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A typed error from a cfitsio status: the status text and the messages on cfitsio's stack.
    static func error(path: String, operation: String, status: Int32) -> MagnetogramError {
        var text = [CChar](repeating: 0, count: Int(FLEN_ERRMSG) + 1)
        ffgerr(status, &text)
        var messages: [String] = [FITSHandle.string(text)]
        var message = [CChar](repeating: 0, count: Int(FLEN_ERRMSG) + 1)
        while ffgmsg(&message) != 0 {
            let line = FITSHandle.string(message).trimmingCharacters(in: .whitespaces)
            if !line.isEmpty, line != path { messages.append(line) }
        }
        return .cfitsio(path: path, operation: operation, status: status, message: messages.joined(separator: "; "))
    }
}

