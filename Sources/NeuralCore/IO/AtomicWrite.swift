import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `data` to `url` so that readers see either the old file or the complete new one.
///
/// The bytes go to a uniquely named temporary file in the destination's directory
/// (`.NAME.tmp-<random>`), which is flushed to disk with `fsync` and then renamed over the
/// destination. On failure the temporary file is removed and the destination is untouched.
/// Pass `synchronize: false` to skip the `fsync` for files that are checked on reading and
/// cheap to rebuild (caches): the rename still keeps readers from seeing a partial file.
///
/// ```swift
/// try writeAtomically(Data(report.utf8), to: folder.appendingPathComponent("report.md"))
/// ```
/// - Throws: ``NeuralCoreError/file(path:problem:)`` naming the destination.
public func writeAtomically(_ data: Data, to url: URL, synchronize: Bool = true) throws {
    let path = url.path
    func failure(_ action: String, _ code: Int32) -> NeuralCoreError {
        .file(path: path, problem: "cannot \(action): \(String(cString: strerror(code)))")
    }

    let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    let temporaryPath = url.deletingLastPathComponent()
        .appendingPathComponent(".\(url.lastPathComponent).tmp-\(suffix)").path
    let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw failure("create a temporary file next to it", errno) }

    var renamed = false
    defer { if !renamed { unlink(temporaryPath) } }

    var writeError: Int32 = 0
    data.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let written = write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                writeError = errno
                return
            }
            offset += written
        }
    }
    if writeError == 0, synchronize, fsync(descriptor) != 0 { writeError = errno }
    if close(descriptor) != 0, writeError == 0 { writeError = errno }
    guard writeError == 0 else { throw failure("write", writeError) }

    guard rename(temporaryPath, path) == 0 else { throw failure("replace the file", errno) }
    renamed = true

    // Make the rename itself durable; a failure here leaves a complete file, so it is ignored.
    let directory = open(url.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
    if directory >= 0 {
        _ = fsync(directory)
        _ = close(directory)
    }
}
