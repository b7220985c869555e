import Foundation

/// Removes the temporary files that ``writeAtomically(_:to:synchronize:)`` leaves beside `url`
/// when its process is killed mid-write (`.NAME.tmp-<hex>`, NAME being `url`'s file name), and
/// returns them.
///
/// Only a process that owns `url` may call it (one holding the lock of the split or run that
/// writes `url`): another live process writing `url` at the same time would lose its temporary.
///
/// ```swift
/// let lock = try LockFile.acquire(at: checkpoints.appendingPathComponent("fold-1.lock"), takingOverStale: false)
/// removeAtomicWriteLeftovers(of: checkpoints.appendingPathComponent("fold-1.checkpoint"))
/// ```
@discardableResult
public func removeAtomicWriteLeftovers(of url: URL) -> [URL] {
    let folder = url.deletingLastPathComponent()
    let prefix = ".\(url.lastPathComponent).tmp-"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
    var removed: [URL] = []
    for name in names where name.hasPrefix(prefix) {
        let suffix = name.dropFirst(prefix.count)
        guard !suffix.isEmpty, suffix.allSatisfy(\.isHexDigit) else { continue }
        let leftover = folder.appendingPathComponent(name)
        if (try? FileManager.default.removeItem(at: leftover)) != nil { removed.append(leftover) }
    }
    return removed
}
