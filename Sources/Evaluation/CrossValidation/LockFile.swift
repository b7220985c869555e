import Foundation
import NeuralCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A lock file that says which process is working on something (a split being trained, a run
/// being assembled), so that two processes sharing a folder (two Slurm array tasks, say) never
/// do the same work at once.
///
/// The file holds its owner's process id, host name and a random token (JSON). It is created
/// exclusively: a complete temporary file is hard-linked to the lock's name, which, like
/// `open(O_CREAT | O_EXCL)`, fails when the lock exists, and a reader never sees half a lock.
/// A lock whose process no longer runs on this host is *stale* (its process was killed): it is
/// reported, and taken over only when asked. A lock held by a process on another host cannot
/// be checked and counts as held.
///
/// ```swift
/// let lock = try LockFile.acquire(at: folder.appendingPathComponent("fold-1.lock"), takingOverStale: false)
/// defer { lock.release() }
/// // ... train fold-1 ...
/// ```
public struct LockFile: Sendable {
    /// Who holds a lock.
    public struct Owner: Codable, Hashable, Sendable, CustomStringConvertible {
        /// The owner's process id.
        public var pid: Int32
        /// The owner's host name.
        public var host: String
        /// Tells two acquisitions by the same process apart.
        public var token: String
        /// When the lock was taken (ISO 8601, for people reading the file).
        public var since: String

        /// This process, now.
        public static func current() -> Owner {
            Owner(
                pid: getpid(), host: LockFile.hostName, token: String(UInt64.random(in: 0...UInt64.max), radix: 16),
                since: ISO8601DateFormatter().string(from: Date()))
        }

        /// Whether the owner runs on this host.
        public var isOnThisHost: Bool { host == LockFile.hostName }

        /// Whether the owner still runs: `false` only for a process of this host that is gone
        /// (or a zombie: killed, and not yet reaped by a parent that may never do it).
        public var isRunning: Bool {
            guard isOnThisHost else { return true }
            guard kill(pid, 0) == 0 || errno == EPERM else { return false }
            return !Self.isZombie(pid)
        }

        /// Whether `/proc` shows `pid` as a zombie (state `Z` after the command name).
        static func isZombie(_ pid: Int32) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let nameEnd = stat.lastIndex(of: ")") else { return false }
            return stat[stat.index(after: nameEnd)...].split(separator: " ").first == "Z"
        }

        public var description: String { "pid \(pid) on host \(host) (since \(since))" }
    }

    /// The lock file.
    public let url: URL
    /// This process's claim.
    public let owner: Owner
    /// The owner of a stale lock this acquisition took over, if it took one over.
    public let tookOverFrom: Owner?

    /// Takes the lock at `url` for this process.
    /// - Parameter takingOverStale: replace a lock left by a process of this host that no longer
    ///   runs (otherwise such a lock is an error that says so).
    /// - Throws: ``EvaluationError/locked(path:owner:stale:)`` when another process holds the
    ///   lock, or held it and was killed (unless `takingOverStale`); ``EvaluationError/file(path:reason:)``
    ///   when the lock cannot be written.
    public static func acquire(at url: URL, takingOverStale: Bool) throws -> LockFile {
        let owner = Owner.current()
        let data = try encode(owner, for: url)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(owner.pid).\(owner.token)")
        do {
            try writeAtomically(data, to: temporary)
        } catch {
            throw EvaluationError.file(path: url.path, reason: "cannot write the lock: \(FileWriteProblem.describe(error))")
        }
        defer { unlink(temporary.path) }
        if link(temporary.path, url.path) == 0 { return LockFile(url: url, owner: owner, tookOverFrom: nil) }
        let code = errno
        guard code == EEXIST else {
            throw EvaluationError.file(path: url.path, reason: "cannot create the lock: \(String(cString: strerror(code)))")
        }
        guard let holder = self.owner(at: url) else {
            throw EvaluationError.locked(path: url.path, owner: "an unknown owner (the file cannot be read)", stale: false)
        }
        guard !holder.isRunning else { throw EvaluationError.locked(path: url.path, owner: "\(holder)", stale: false) }
        guard takingOverStale else { throw EvaluationError.locked(path: url.path, owner: "\(holder)", stale: true) }
        // Take over: replace the stale lock, then check that no other process replaced it too.
        guard self.owner(at: url) == holder, rename(temporary.path, url.path) == 0 else {
            throw EvaluationError.locked(path: url.path, owner: self.owner(at: url).map { "\($0)" } ?? "another process", stale: false)
        }
        guard let now = self.owner(at: url), now == owner else {
            throw EvaluationError.locked(path: url.path, owner: self.owner(at: url).map { "\($0)" } ?? "another process", stale: false)
        }
        return LockFile(url: url, owner: owner, tookOverFrom: holder)
    }

    /// The owner recorded in the lock file at `url` (`nil`: no lock, or an unreadable one).
    public static func owner(at url: URL) -> Owner? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Owner.self, from: data)
    }

    /// Removes the lock if this acquisition still holds it.
    public func release() {
        if Self.owner(at: url) == owner { unlink(url.path) }
    }

    private static func encode(_ owner: Owner, for url: URL) throws -> Data {
        do {
            return try JSONEncoder.sortedKeys.encode(owner) + Data("\n".utf8)
        } catch {
            throw EvaluationError.file(path: url.path, reason: "cannot encode the lock: \(error)")
        }
    }

    /// This host's name.
    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return ProcessInfo.processInfo.hostName }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
