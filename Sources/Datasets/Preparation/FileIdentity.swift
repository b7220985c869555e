import Foundation

/// What tells an edited file from the one a data set was prepared from: its size and
/// modification time (nanoseconds where the system has them).
enum FileIdentity {
    /// `"<size>@<modified>"`, or `"missing"` when the file cannot be examined.
    static func of(_ path: String) -> String {
        #if canImport(Glibc) || canImport(Musl)
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        return "\(info.st_size)@\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        #else
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.int64Value,
              let modified = attributes[.modificationDate] as? Date else { return "missing" }
        return "\(size)@\(modified.timeIntervalSince1970)"
        #endif
    }
}
