import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock (`flock`) on a lock file, held until ``release()`` or until the
/// process ends (the kernel releases it when a holder dies, so a crash never leaves a stale
/// lock). Separate instances exclude each other across threads and processes on one machine,
/// and across nodes on file systems whose `flock` is cluster-wide.
final class BuildLock {
    private var descriptor: Int32

    /// Takes the lock on `url` (creating the file), waiting for its holder; `waiting` is called
    /// once before waiting. `nil` when the file system has no `flock` (the caller then works
    /// without the lock).
    /// - Throws: ``DatasetsError/file(path:reason:)`` when the lock file cannot be created.
    static func acquire(_ url: URL, waiting: () -> Void) throws -> BuildLock? {
        let descriptor = open(url.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw DatasetsError.file(path: url.path, reason: "cannot create the lock file: \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return BuildLock(descriptor) }
        if errno == EWOULDBLOCK {
            waiting()
            var status: Int32
            repeat { status = flock(descriptor, LOCK_EX) } while status != 0 && errno == EINTR
            if status == 0 { return BuildLock(descriptor) }
        }
        close(descriptor)
        return nil
    }

    private init(_ descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Releases the lock.
    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit {
        release()
    }
}
