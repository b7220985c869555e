/// A training objective: a scalar over a batch and its gradient with respect to the model's
/// outputs.
///
/// Implementations live in the `Losses` module (weighted cross-entropy, the CNN-1 loss,
/// score-oriented losses); ``fit(model:loss:optimizer:data:validation:configuration:callbacks:resumingFrom:)``
/// takes any of them.
public protocol Loss {
    /// A short name for reports (`weighted_bce`, `sol_tss`, ...).
    var name: String { get }

    /// The loss over the batch and its gradient with respect to `predictions` (same shape).
    /// - Parameters:
    ///   - predictions: the model outputs, `[N]` or `[N, 1]`.
    ///   - labels: the targets, same count.
    func valueAndGradient(predictions: Tensor, labels: Tensor) throws -> (value: Double, gradient: Tensor)
}

/// A loss that is a mean of per-sample terms, so samples can be weighted (class weights):
/// the weighted loss is `sum_i w_i l_i / N`, as Keras reduces `sample_weight`.
public protocol SampleWeightedLoss: Loss {
    /// The weighted loss and its gradient; `sampleWeights` has one weight per sample.
    func valueAndGradient(
        predictions: Tensor, labels: Tensor, sampleWeights: [Float]
    ) throws -> (value: Double, gradient: Tensor)
}

/// A score computed on validation predictions, such as the TSS (see `Losses.SkillScoreMetric`).
public protocol Metric {
    /// The name used in logs and reports (`tss`).
    var name: String { get }
    /// Whether larger values are better (true for skill scores).
    var higherIsBetter: Bool { get }
    /// The score of `predictions` against `labels`, or `nil` when undefined.
    func evaluate(predictions: Tensor, labels: Tensor) throws -> Double?
}
