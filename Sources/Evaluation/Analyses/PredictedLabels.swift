/// Binary decisions from probabilities: `p >= threshold` means predicted 1 (flaring).
///
/// ```swift
/// let predicted = try predictedLabels(probabilities: [0.2, 0.5, 0.9], threshold: 0.5)
/// // [false, true, true]
/// ```
/// - Throws: ``EvaluationError/invalidArgument(name:value:reason:)`` for a threshold that is not
///   finite or a probability that is NaN or outside [0, 1].
public func predictedLabels(probabilities: [Double], threshold: Double = 0.5) throws -> [Bool] {
    guard threshold.isFinite else {
        throw EvaluationError.invalidArgument(name: "threshold", value: "\(threshold)", reason: "must be finite")
    }
    try checkProbabilities(probabilities)
    return probabilities.map { $0 >= threshold }
}
