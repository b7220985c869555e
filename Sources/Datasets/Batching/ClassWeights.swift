/// Per-class sample weights for the binary tasks, `[w0, w1]` as NeuralCore's
/// `FitConfiguration.classWeights` takes them.
///
/// ``balanced(labels:)`` is scikit-learn's `class_weight="balanced"`: w_c = n / (2 n_c), so each
/// class carries half of the total weight.
///
/// ```swift
/// let weights = try ClassWeights.balanced(labels: items.map(\.label))   // e.g. 0.6, 3.0
/// configuration.classWeights = weights.values
/// ```
public struct ClassWeights: Sendable, Hashable, Codable {
    /// The weight of label 0 (non-flaring).
    public var negative: Float
    /// The weight of label 1 (flaring).
    public var positive: Float

    /// Custom weights.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` unless both are finite and >= 0.
    public init(negative: Float, positive: Float) throws {
        guard negative.isFinite, positive.isFinite, negative >= 0, positive >= 0 else {
            throw DatasetsError.invalidValue(
                what: "class weights", value: "\(negative), \(positive)", reason: "must be finite and non-negative")
        }
        self.negative = negative
        self.positive = positive
    }

    /// `[negative, positive]`, for `FitConfiguration.classWeights`.
    public var values: [Float] { [negative, positive] }

    /// The weight of a label (0 or 1).
    public func weight(for label: Float) -> Float { label >= 0.5 ? positive : negative }

    /// scikit-learn's balanced weights, w_c = n / (2 n_c).
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for a label other than 0
    ///   or 1; ``DatasetsError/insufficientData(_:)`` when a class has no sample.
    public static func balanced(labels: [Float]) throws -> ClassWeights {
        var positives = 0
        for label in labels {
            guard label == 0 || label == 1 else {
                throw DatasetsError.invalidValue(what: "label", value: "\(label)", reason: "balanced class weights need labels 0 and 1")
            }
            if label == 1 { positives += 1 }
        }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else {
            throw DatasetsError.insufficientData(
                "balanced class weights need both classes (\(negatives) negative, \(positives) positive labels)")
        }
        let n = Double(labels.count)
        return try ClassWeights(negative: Float(n / (2 * Double(negatives))), positive: Float(n / (2 * Double(positives))))
    }

    /// scikit-learn's balanced weights for integer labels (0 or 1).
    public static func balanced(labels: [Int]) throws -> ClassWeights {
        try balanced(labels: labels.map(Float.init))
    }
}
