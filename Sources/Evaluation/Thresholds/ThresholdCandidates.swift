/// The thresholds a ``ThresholdSearch`` tries (a sample is predicted 1 when p >= t).
///
/// ```swift
/// let guastavino = ThresholdCandidates.grid(count: 100)   // 100 values from min to max
/// let exhaustive = ThresholdCandidates.distinctPredictions
/// ```
public enum ThresholdCandidates: Sendable, Hashable, CustomStringConvertible {
    /// `count` evenly spaced values from the smallest to the largest prediction, both included
    /// (Guastavino et al. 2022 use 100 values between the minimum and maximum of the training
    /// predictions). Value k is `min + k (max - min) / (count - 1)`, the last exactly `max`;
    /// with `count` 1, or when all predictions are equal, the only candidate is `min`.
    case grid(count: Int)
    /// Every distinct prediction. Together these give every distinct confusion matrix: any
    /// other threshold gives the same matrix as the smallest prediction at or above it
    /// (or predicts everything 0).
    case distinctPredictions
    /// The given thresholds (sorted and deduplicated before the search).
    case values([Double])

    /// The candidate thresholds for these predictions, ascending and distinct.
    /// - Throws: ``EvaluationError/invalidArgument(name:value:reason:)`` for a grid count below 1
    ///   or a given threshold that is not finite.
    func thresholds(for ranked: RankedForecasts) throws -> [Double] {
        switch self {
        case let .grid(count):
            guard count >= 1 else {
                throw EvaluationError.invalidArgument(
                    name: "threshold grid count", value: "\(count)", reason: "must be at least 1")
            }
            let distinct = ranked.distinctProbabilities
            guard let low = distinct.first, let high = distinct.last else { return [] }
            guard count > 1, high > low else { return [low] }
            let step = (high - low) / Double(count - 1)
            var grid = (0..<count).map { k in k == count - 1 ? high : low + Double(k) * step }
            grid = grid.map { min($0, high) }
            return deduplicatedAscending(grid)
        case .distinctPredictions:
            return ranked.distinctProbabilities
        case let .values(values):
            if let bad = values.first(where: { !$0.isFinite }) {
                throw EvaluationError.invalidArgument(
                    name: "candidate threshold", value: "\(bad)", reason: "thresholds must be finite")
            }
            return deduplicatedAscending(values)
        }
    }

    public var description: String {
        switch self {
        case let .grid(count): "grid(\(count))"
        case .distinctPredictions: "distinct_predictions"
        case let .values(values): "values(\(values.count))"
        }
    }
}

private func deduplicatedAscending(_ values: [Double]) -> [Double] {
    var result: [Double] = []
    for value in values.sorted() where result.last != value { result.append(value) }
    return result
}
