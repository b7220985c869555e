/// Checks probabilistic forecasts and their 0/1 labels before any score is computed.
///
/// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` when the lengths differ,
///   ``EvaluationError/insufficientData(_:)`` when there are no samples and
///   ``EvaluationError/invalidArgument(name:value:reason:)`` naming the first probability that
///   is NaN, infinite or outside [0, 1], or the first label that is not exactly 0 or 1.
func checkForecasts(_ probabilities: [Double], labels: [Double]) throws {
    guard probabilities.count == labels.count else {
        throw EvaluationError.lengthMismatch(
            what: "labels (one per prediction)", expected: probabilities.count, actual: labels.count)
    }
    guard !probabilities.isEmpty else {
        throw EvaluationError.insufficientData("no samples: predictions and labels are empty")
    }
    try checkProbabilities(probabilities)
    if let index = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
        throw EvaluationError.invalidArgument(
            name: "label at index \(index)", value: "\(labels[index])", reason: "labels must be 0 or 1")
    }
}

/// Checks that every probability is finite and within [0, 1].
func checkProbabilities(_ probabilities: [Double], what: String = "prediction") throws {
    if let index = probabilities.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
        throw EvaluationError.invalidArgument(
            name: "\(what) at index \(index)", value: "\(probabilities[index])",
            reason: "probabilities must be finite and within [0, 1]")
    }
}

/// Checks that two per-sample arrays have the same length.
func checkSampleCounts(_ count: Int, _ otherCount: Int, what: String) throws {
    guard count == otherCount else {
        throw EvaluationError.lengthMismatch(what: what, expected: count, actual: otherCount)
    }
}
