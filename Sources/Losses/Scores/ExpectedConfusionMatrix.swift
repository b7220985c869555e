import NeuralCore

/// The expected confusion matrix of Marchetti et al. (2021) when the threshold is a random
/// variable with cumulative distribution F: `E[TP] = sum y F(p)`, `E[FN] = sum y (1 - F(p))`,
/// `E[FP] = sum (1 - y) F(p)`, `E[TN] = sum (1 - y)(1 - F(p))`.
public struct ExpectedConfusionMatrix: ConfusionCounts, Equatable {
    public var truePositives: Double
    public var trueNegatives: Double
    public var falsePositives: Double
    public var falseNegatives: Double

    /// Creates a matrix from its four expected counts.
    public init(truePositives: Double, trueNegatives: Double, falsePositives: Double, falseNegatives: Double) {
        self.truePositives = truePositives
        self.trueNegatives = trueNegatives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
    }

    /// The expected matrix of probabilities `p` against labels `y` under `distribution`.
    public init(probabilities: Tensor, labels: Tensor, distribution: ThresholdDistribution = .uniform) throws {
        try checkBinaryShapes(probabilities, labels)
        try self.init(
            probabilities: probabilities.scalars.map(Double.init), labels: labels.scalars.map(Double.init),
            distribution: distribution)
    }

    /// The expected matrix of `Double` probabilities against labels under `distribution`.
    public init(probabilities: [Double], labels: [Double], distribution: ThresholdDistribution = .uniform) throws {
        guard probabilities.count == labels.count else {
            throw LossesError.shapeMismatch(predictions: [probabilities.count], labels: [labels.count])
        }
        try checkValues(probabilities, what: "prediction", unitInterval: false)
        try checkValues(labels, what: "label", unitInterval: true)
        var tp = 0.0, tn = 0.0, fp = 0.0, fn = 0.0
        for (p, label) in zip(probabilities, labels) {
            let f = distribution.cumulative(p)
            tp += label * f
            fn += label * (1 - f)
            fp += (1 - label) * f
            tn += (1 - label) * (1 - f)
        }
        self.init(truePositives: tp, trueNegatives: tn, falsePositives: fp, falseNegatives: fn)
    }
}
