import Foundation

/// Every error the Evaluation module throws. Each case names the value or file it is about.
public enum EvaluationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An argument or parameter is invalid.
    case invalidArgument(name: String, value: String, reason: String)
    /// Predictions and labels (or other paired inputs) differ in length.
    case lengthMismatch(what: String, expected: Int, actual: Int)
    /// The data cannot give the requested result (for example an empty input).
    case insufficientData(String)
    /// A file could not be written or read.
    case file(path: String, reason: String)
    /// Training a split failed; `split` names it.
    case splitFailed(split: String, reason: String)
    /// A lock file says another process works on the same thing (`stale`: that process, on
    /// this host, no longer runs; the lock is taken over only when resuming).
    case locked(path: String, owner: String, stale: Bool)
    /// A stored record was written with other settings than the ones in use; `differences`
    /// names each setting and both values.
    case settingsMismatch(path: String, differences: [String])
    /// Another rank of a distributed run failed (this rank stops too).
    case rankFailed(rank: Int, reason: String)

    public var description: String {
        switch self {
        case let .invalidArgument(name, value, reason):
            "invalid \(name) '\(value)': \(reason)"
        case let .lengthMismatch(what, expected, actual):
            "\(what): expected \(expected) values, got \(actual)"
        case let .insufficientData(reason):
            "not enough data: \(reason)"
        case let .file(path, reason):
            "\(path): \(reason)"
        case let .splitFailed(split, reason):
            "cross-validation split \(split): \(reason)"
        case let .locked(path, owner, stale):
            stale
                ? "\(path): stale lock left by \(owner), which no longer runs (a killed run); resume to take it over (flarekit: --resume), or delete the lock file if no process of that run is left"
                : "\(path): held by \(owner), which is working on it now (remove the file only if that process is gone)"
        case let .settingsMismatch(path, differences):
            "\(path): written with other settings than this run's: " + differences.joined(separator: "; ")
        case let .rankFailed(rank, reason):
            "rank \(rank) failed: \(reason)"
        }
    }
}
