import NeuralCore

/// A confusion matrix of counts, from probabilities thresholded at `t` (p >= t means 1).
///
/// ```swift
/// let matrix = try ConfusionMatrix(probabilities: p, labels: y)   // threshold 0.5
/// print(matrix.trueSkillStatistic ?? .nan)
/// ```
/// A score whose ratio has a zero denominator is `nil`, never a silent 0.
public struct ConfusionMatrix: ConfusionCounts, Equatable, Hashable, Codable {
    /// Counts of each cell.
    public var tp: Int, tn: Int, fp: Int, fn: Int

    /// Creates a matrix from its four counts.
    public init(tp: Int, tn: Int, fp: Int, fn: Int) {
        self.tp = tp
        self.tn = tn
        self.fp = fp
        self.fn = fn
    }

    /// Counts predictions against 0/1 labels (a label >= 0.5 counts as 1).
    /// - Throws: ``LossesError`` on mismatched shapes, NaN, or values outside [0, 1].
    public init(probabilities: Tensor, labels: Tensor, threshold: Double = 0.5) throws {
        try checkBinaryShapes(probabilities, labels)
        try self.init(
            probabilities: probabilities.scalars.map(Double.init), labels: labels.scalars.map(Double.init),
            threshold: threshold)
    }

    /// Counts `Double` predictions against 0/1 labels (a label >= 0.5 counts as 1), so that
    /// float64 predictions are thresholded at full precision.
    /// - Throws: ``LossesError`` on different lengths, NaN, or values outside [0, 1].
    public init(probabilities: [Double], labels: [Double], threshold: Double = 0.5) throws {
        guard probabilities.count == labels.count else {
            throw LossesError.shapeMismatch(predictions: [probabilities.count], labels: [labels.count])
        }
        try checkValues(probabilities, what: "prediction", unitInterval: true)
        try checkValues(labels, what: "label", unitInterval: true)
        self.init(tp: 0, tn: 0, fp: 0, fn: 0)
        for (p, y) in zip(probabilities, labels) {
            switch (y >= 0.5, p >= threshold) {
            case (true, true): tp += 1
            case (true, false): fn += 1
            case (false, true): fp += 1
            case (false, false): tn += 1
            }
        }
    }

    /// The number of samples.
    public var total: Int { tp + tn + fp + fn }

    public var truePositives: Double { Double(tp) }
    public var trueNegatives: Double { Double(tn) }
    public var falsePositives: Double { Double(fp) }
    public var falseNegatives: Double { Double(fn) }
}
