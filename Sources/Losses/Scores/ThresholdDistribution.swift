import Foundation

/// The distribution of the random threshold tau in a score-oriented loss, on [0, 1].
public enum ThresholdDistribution: Sendable, Equatable, CustomStringConvertible {
    /// Uniform on [0, 1]: F(x) = x (clamped to [0, 1]).
    case uniform
    /// The raised-cosine distribution centred on `mu` with half-width `delta`:
    /// F(x) = 0 below mu - delta, 1 above mu + delta, otherwise
    /// 0.5 (1 + (x - mu)/delta + sin(pi (x - mu)/delta) / pi). Create it with ``cosine(mu:delta:)``.
    case raisedCosine(mu: Double, delta: Double)

    /// The cosine distribution; `delta` must be positive.
    /// - Throws: ``LossesError/invalidParameter(name:value:reason:)`` for delta <= 0 or non-finite values.
    public static func cosine(mu: Double = 0.5, delta: Double = 0.1) throws -> ThresholdDistribution {
        guard delta > 0, delta.isFinite else {
            throw LossesError.invalidParameter(name: "cosine delta", value: delta, reason: "must be positive and finite")
        }
        guard mu.isFinite else {
            throw LossesError.invalidParameter(name: "cosine mu", value: mu, reason: "must be finite")
        }
        return .raisedCosine(mu: mu, delta: delta)
    }

    /// The cumulative distribution function F(x).
    public func cumulative(_ x: Double) -> Double {
        switch self {
        case .uniform:
            return min(max(x, 0), 1)
        case let .raisedCosine(mu, delta):
            if x < mu - delta { return 0 }
            if x > mu + delta { return 1 }
            let z = (x - mu) / delta
            return 0.5 * (1 + z + sin(Double.pi * z) / Double.pi)
        }
    }

    /// The density F'(x).
    public func density(_ x: Double) -> Double {
        switch self {
        case .uniform:
            return (x >= 0 && x <= 1) ? 1 : 0
        case let .raisedCosine(mu, delta):
            if x < mu - delta || x > mu + delta { return 0 }
            return (1 + cos(Double.pi * (x - mu) / delta)) / (2 * delta)
        }
    }

    public var description: String {
        switch self {
        case .uniform: return "uniform"
        case let .raisedCosine(mu, delta): return "cosine(mu: \(mu), delta: \(delta))"
        }
    }
}
