import CHDF5
import Foundation

/// How Datasets calls the HDF5 C library: every call under one process-wide lock (the library
/// may be built without thread safety), with HDF5's automatic printing of its error stack
/// turned off (a failure becomes a ``DatasetsError`` naming the file instead), and each
/// failed identifier or status turned into that error.
enum HDF5 {
    private static let lock = NSRecursiveLock()

    /// Before the library's first use: no termination of HDF5 at process exit. Its `atexit`
    /// handler would close the library while another thread may still be reading a data set
    /// (a batch source's loader when a process ends), which HDF5 reports as "infinite loop
    /// closing library". Nothing is lost: files are read-only or written under a temporary name
    /// that only a complete, closed file is renamed from.
    private static let noTerminationAtExit: Void = { _ = H5dont_atexit() }()

    /// Runs `body` holding the lock, with automatic error printing off for this thread (HDF5's
    /// error stacks are per thread in a thread-safe build).
    static func call<T>(_ body: () throws -> T) rethrows -> T {
        _ = noTerminationAtExit
        lock.lock()
        defer { lock.unlock() }
        _ = H5Eset_auto2(hid_t(0), nil, nil)
        return try body()
    }

    /// `id` when it names an object; otherwise the error of `what` on the file at `path`.
    static func check(_ id: hid_t, _ path: String, _ what: @autoclosure () -> String) throws -> hid_t {
        guard id >= 0 else { throw failure(path, what()) }
        return id
    }

    /// Nothing when `status` is success; otherwise the error of `what` on the file at `path`.
    static func check(_ status: herr_t, _ path: String, _ what: @autoclosure () -> String) throws {
        guard status >= 0 else { throw failure(path, what()) }
    }

    /// The error of a failed call: what was attempted and the innermost message of HDF5's
    /// error stack (such as "file signature not found" or "can't open object").
    static func failure(_ path: String, _ what: String) -> DatasetsError {
        let detail = innermostMessage().map { " (HDF5: \($0))" } ?? ""
        return DatasetsError.file(path: path, reason: "\(what)\(detail)")
    }

    /// The description of the error that started the current stack, if any.
    private static func innermostMessage() -> String? {
        var message: String?
        withUnsafeMutablePointer(to: &message) { pointer in
            _ = H5Ewalk2(hid_t(0), H5E_WALK_UPWARD, { _, error, data in
                guard let data, let description = error?.pointee.desc else { return 0 }
                let target = data.assumingMemoryBound(to: String?.self)
                if target.pointee == nil { target.pointee = String(cString: description) }
                return 0
            }, pointer)
        }
        _ = H5Eclear2(hid_t(0))
        return message
    }
}

/// An HDF5 identifier (dataspace, datatype, property list, attribute) closed when the value
/// goes away, so no path through the code leaks one.
final class HDF5Identifier {
    let id: hid_t
    private let close: (hid_t) -> herr_t

    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.close = close
    }

    deinit {
        HDF5.call { _ = close(id) }
    }

    /// A dataspace.
    static func space(_ id: hid_t, _ path: String, _ what: @autoclosure () -> String) throws -> HDF5Identifier {
        HDF5Identifier(try HDF5.check(id, path, what()), close: { H5Sclose($0) })
    }

    /// A datatype.
    static func type(_ id: hid_t, _ path: String, _ what: @autoclosure () -> String) throws -> HDF5Identifier {
        HDF5Identifier(try HDF5.check(id, path, what()), close: { H5Tclose($0) })
    }

    /// A simple dataspace of `shape`.
    static func space(shape: [Int], _ path: String) throws -> HDF5Identifier {
        let dimensions = shape.map { hsize_t($0) }
        return try space(H5Screate_simple(Int32(shape.count), dimensions, nil), path, "create a dataspace of shape \(shape)")
    }

    /// The UTF-8 variable-length string type (what h5py writes for `str`).
    static func utf8String(_ path: String) throws -> HDF5Identifier {
        let type = try HDF5Identifier.type(H5Tcopy(fk_h5t_c_s1()), path, "create a string type")
        try HDF5.check(H5Tset_size(type.id, fk_h5t_variable()), path, "create a variable-length string type")
        try HDF5.check(H5Tset_cset(type.id, H5T_CSET_UTF8), path, "create a UTF-8 string type")
        return type
    }
}
