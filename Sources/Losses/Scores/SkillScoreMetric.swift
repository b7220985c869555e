import NeuralCore

/// A skill score as a training `Metric` (validation TSS by default), on predictions
/// thresholded at `threshold`.
public struct SkillScoreMetric: Metric {
    /// The score.
    public var score: SkillScore
    /// The decision threshold: p >= threshold means 1.
    public var threshold: Double

    /// Creates the metric; TSS at 0.5 by default.
    public init(_ score: SkillScore = .trueSkillStatistic, threshold: Double = 0.5) {
        self.score = score
        self.threshold = threshold
    }

    public var name: String { score.description }

    public var higherIsBetter: Bool {
        switch score {
        case .falseAlarmRatio, .falsePositiveRate: return false
        default: return true
        }
    }

    public func evaluate(predictions: Tensor, labels: Tensor) throws -> Double? {
        try ConfusionMatrix(probabilities: predictions, labels: labels, threshold: threshold).value(of: score)
    }
}
