import Foundation

/// The CPUs this process may run on (its affinity mask, which `mpirun --bind-to core` narrows
/// to one core), read from Linux's `/proc/self/status`; Foundation's core count ignores it.
enum CPUAffinity {
    /// How many CPUs this process may run on, `nil` where `/proc` does not say.
    static func allowedCoreCount(statusFile: String = "/proc/self/status") -> Int? {
        guard let status = try? String(contentsOfFile: statusFile, encoding: .utf8) else { return nil }
        let prefix = "Cpus_allowed_list:"
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return count(cpuList: line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces))
    }

    /// The number of CPUs in a kernel CPU list such as `0-3,8,10-11` (7), `nil` if malformed.
    static func count(cpuList: String) -> Int? {
        var total = 0
        for item in cpuList.split(separator: ",") {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            switch bounds.count {
            case 1:
                guard bounds[0] != nil else { return nil }
                total += 1
            case 2:
                guard let first = bounds[0], let last = bounds[1], first <= last else { return nil }
                total += last - first + 1
            default:
                return nil
            }
        }
        return total > 0 ? total : nil
    }
}
