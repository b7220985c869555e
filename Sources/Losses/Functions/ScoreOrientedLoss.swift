import NeuralCore

/// A score-oriented loss (Marchetti et al. 2021; Guastavino et al. 2022): `1 - score` of the
/// expected confusion matrix of the whole batch when the threshold is random with
/// distribution F (``ThresholdDistribution``).
///
/// The loss is one scalar for the batch (it does not split into per-sample terms); every
/// ratio with a zero denominator counts as 0, as in the authors' reference code. Predictions
/// are probabilities, not logits. The gradient is exact: d(1 - s)/dp_i through the four
/// expected cells, with dE[TP]/dp_i = y_i f(p_i), dE[FN]/dp_i = -y_i f(p_i), and so on.
///
/// ```swift
/// let loss = ScoreOrientedLoss(score: .trueSkillStatistic)              // SOL-TSS, uniform
/// let sharp = ScoreOrientedLoss(score: .f1, distribution: try .cosine(mu: 0.5, delta: 0.1))
/// ```
public struct ScoreOrientedLoss: Loss {
    /// The score the loss maximises.
    public var score: SkillScore
    /// The threshold distribution.
    public var distribution: ThresholdDistribution

    public var name: String { "sol_\(score)" }

    /// Creates the loss for `score` under `distribution` (uniform by default).
    public init(score: SkillScore, distribution: ThresholdDistribution = .uniform) {
        self.score = score
        self.distribution = distribution
    }

    /// The loss value `1 - score(E[TN], E[FP], E[FN], E[TP])` with zero-denominator ratios as 0.
    public func value(on matrix: some ConfusionCounts) -> Double {
        let s = score.evaluate(
            tp: matrix.truePositives, tn: matrix.trueNegatives, fp: matrix.falsePositives,
            fn: matrix.falseNegatives, divide: { $1 == 0 ? 0 : $0 / $1 })
        return 1 - (s ?? 0)
    }

    public func valueAndGradient(predictions: Tensor, labels: Tensor) throws -> (value: Double, gradient: Tensor) {
        _ = try BinaryBatch(predictions, labels)
        let matrix = try ExpectedConfusionMatrix(probabilities: predictions, labels: labels, distribution: distribution)
        // Seed each cell with its unit partial: order (TP, TN, FP, FN).
        let s = score.evaluate(
            tp: CellDual(value: matrix.truePositives, partials: [1, 0, 0, 0]),
            tn: CellDual(value: matrix.trueNegatives, partials: [0, 1, 0, 0]),
            fp: CellDual(value: matrix.falsePositives, partials: [0, 0, 1, 0]),
            fn: CellDual(value: matrix.falseNegatives, partials: [0, 0, 0, 1]),
            divide: { $1.isZero ? CellDual(0) : $0 / $1 }) ?? CellDual(0)
        let d = s.partials
        let gradient = try predictions.combined(with: labels.reshaped(predictions.shape)) { p, label in
            let f = distribution.density(Double(p))
            let y = Double(label)
            // d score / d p_i = f(p_i) [y (dS/dTP - dS/dFN) + (1 - y)(dS/dFP - dS/dTN)]
            let dScore = f * (y * (d[0] - d[3]) + (1 - y) * (d[2] - d[1]))
            return Float(-dScore)
        }
        return (1 - s.value, gradient)
    }
}
