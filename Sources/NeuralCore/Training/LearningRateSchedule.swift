import Foundation

/// How the learning rate changes from epoch to epoch (epochs count from 0 here).
public enum LearningRateSchedule: Sendable, Equatable {
    /// The initial rate throughout.
    case constant
    /// Multiply by `factor` every `every` epochs.
    case stepDecay(every: Int, factor: Float)
    /// Multiply by `rate` each epoch.
    case exponentialDecay(rate: Float)

    /// The learning rate for `epoch`, starting from `initial`.
    public func learningRate(epoch: Int, initial: Float) -> Float {
        switch self {
        case .constant:
            return initial
        case let .stepDecay(every, factor):
            return initial * pow(factor, Float(epoch / max(every, 1)))
        case let .exponentialDecay(rate):
            return initial * pow(rate, Float(epoch))
        }
    }
}
