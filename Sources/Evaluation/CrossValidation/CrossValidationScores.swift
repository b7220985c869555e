import Losses
import NeuralCore

/// What training and scoring one split produced, its model aside: the training history, the
/// threshold, the scored samples with their probabilities and labels, and the confusion matrix.
/// A trained ``CrossValidationFold`` holds it beside its model, and the split's
/// ``CrossValidationRecord`` stores it, so both read the same fields (`fold.probabilities`,
/// `record.confusion`).
///
/// In JSON (the record's keys, snake_case):
/// ```json
/// {"history": {...}, "threshold": 0.5, "scored_set": "test", "sample_indices": [4, 9],
///  "probabilities": [0.81, 0.12], "labels": [1, 0], "validation_probabilities": [0.4],
///  "confusion": {...}}
/// ```
public struct CrossValidationScores: Codable, Equatable {
    /// The training history (per-epoch losses and validation metrics).
    public var history: TrainingHistory
    /// The threshold applied to the scored probabilities (p >= threshold means flaring).
    public var threshold: Double
    /// Which samples were scored: `"test"` or `"validation"`.
    public var scoredSet: String
    /// The scored samples' indices, their probabilities and binary labels, in the same order.
    public var sampleIndices: [Int]
    public var probabilities: [Double]
    public var labels: [Double]
    /// The validation samples' probabilities (used to choose the threshold), in split order.
    public var validationProbabilities: [Double]
    /// The confusion matrix of the scored samples at ``threshold``.
    public var confusion: ConfusionMatrix

    /// Scores from their parts.
    public init(
        history: TrainingHistory, threshold: Double, scoredSet: String, sampleIndices: [Int], probabilities: [Double],
        labels: [Double], validationProbabilities: [Double], confusion: ConfusionMatrix
    ) {
        self.history = history
        self.threshold = threshold
        self.scoredSet = scoredSet
        self.sampleIndices = sampleIndices
        self.probabilities = probabilities
        self.labels = labels
        self.validationProbabilities = validationProbabilities
        self.confusion = confusion
    }

    /// The value of a skill score on the scored samples (`nil` when undefined).
    public func value(of score: SkillScore) -> Double? {
        confusion.value(of: score)
    }

    enum CodingKeys: String, CodingKey {
        case history, threshold, confusion, labels, probabilities
        case scoredSet = "scored_set", sampleIndices = "sample_indices", validationProbabilities = "validation_probabilities"
    }
}
