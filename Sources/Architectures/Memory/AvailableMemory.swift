import Foundation

/// The memory a new allocation can count on: the kernel's `MemAvailable` (`/proc/meminfo`)
/// or, when tighter, what the process's control group still allows (cgroup v2 `memory.max`
/// minus `memory.current`, or v1 `memory.limit_in_bytes` minus `memory.usage_in_bytes`).
///
/// ```swift
/// if let available = AvailableMemory.current() {
///     print(available.bytes, available.source)   // 20123456789 "MemAvailable"
/// }
/// ```
public struct AvailableMemory: Sendable, Equatable {
    /// Bytes available.
    public var bytes: Double
    /// Where the figure comes from: `MemAvailable` or `cgroup limit`.
    public var source: String

    /// Creates a figure.
    public init(bytes: Double, source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// The figure of this machine and process, `nil` when neither `/proc/meminfo` nor a cgroup
    /// limit can be read (then no check is made).
    public static func current() -> AvailableMemory? {
        var best: AvailableMemory?
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8), let bytes = memAvailable(in: text) {
            best = AvailableMemory(bytes: bytes, source: "MemAvailable")
        }
        let limits = [
            ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
            ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"),
        ]
        for (limitPath, usagePath) in limits {
            guard let limit = number(at: limitPath) else { continue }
            let left = max(0, limit - (number(at: usagePath) ?? 0))
            if left < best?.bytes ?? .infinity { best = AvailableMemory(bytes: left, source: "cgroup limit") }
            break
        }
        return best
    }

    /// `MemAvailable` of a `/proc/meminfo` text, bytes.
    static func memAvailable(in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kibibytes = Double(fields[1]) else { return nil }
            return kibibytes * 1024
        }
        return nil
    }

    /// A file holding one number (`max` means no limit: `nil`).
    private static func number(at path: String) -> Double? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
