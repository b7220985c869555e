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
        }
    }
}
