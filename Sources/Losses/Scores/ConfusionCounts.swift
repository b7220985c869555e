/// The four cells of a binary confusion matrix, as counts or as expected (real) counts.
///
/// Every skill score is defined once, on this protocol (``SkillScore``), so the counted
/// matrix of an evaluation and the expected matrix of a score-oriented loss share the same
/// formulas.
public protocol ConfusionCounts: Sendable {
    /// True positives: label 1, predicted 1.
    var truePositives: Double { get }
    /// True negatives: label 0, predicted 0.
    var trueNegatives: Double { get }
    /// False positives: label 0, predicted 1.
    var falsePositives: Double { get }
    /// False negatives: label 1, predicted 0.
    var falseNegatives: Double { get }
}

extension ConfusionCounts {
    /// The value of `score`, or `nil` when one of the ratios it is built from has a zero
    /// denominator (for example recall without positive samples).
    public func value(of score: SkillScore) -> Double? {
        score.evaluate(
            tp: truePositives, tn: trueNegatives, fp: falsePositives, fn: falseNegatives,
            divide: { $1 == 0 ? nil : $0 / $1 })
    }

    /// Recall (true-positive rate, probability of detection) TP / (TP + FN).
    public var recall: Double? { value(of: .recall) }
    /// Precision TP / (TP + FP).
    public var precision: Double? { value(of: .precision) }
    /// Specificity (true-negative rate) TN / (TN + FP).
    public var specificity: Double? { value(of: .specificity) }
    /// Accuracy (TP + TN) / total.
    public var accuracy: Double? { value(of: .accuracy) }
    /// F1, the harmonic mean of precision and recall.
    public var f1: Double? { value(of: .f1) }
    /// False-alarm ratio FP / (TP + FP).
    public var falseAlarmRatio: Double? { value(of: .falseAlarmRatio) }
    /// False-positive rate FP / (FP + TN).
    public var falsePositiveRate: Double? { value(of: .falsePositiveRate) }
    /// Critical success index TP / (TP + FN + FP).
    public var criticalSuccessIndex: Double? { value(of: .criticalSuccessIndex) }
    /// True skill statistic recall + specificity - 1.
    public var trueSkillStatistic: Double? { value(of: .trueSkillStatistic) }
    /// HSS1 = (TP - FP) / (TP + FN).
    public var heidkeSkillScore1: Double? { value(of: .heidkeSkillScore1) }
    /// HSS2 = 2 (TP TN - FP FN) / ((TP + FN)(FN + TN) + (TP + FP)(FP + TN)).
    public var heidkeSkillScore2: Double? { value(of: .heidkeSkillScore2) }
}
