import Foundation
import Losses
import NeuralCore

/// The outcome of training and scoring one split.
public struct CrossValidationFold {
    /// The split's name.
    public var name: String
    /// The trained model, with the best validation weights restored.
    public var model: any Layer
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
    /// Where the weights were written, when the runner was given a directory.
    public var weightsURL: URL?

    /// The value of a skill score on the scored samples (`nil` when undefined).
    public func value(of score: SkillScore) -> Double? {
        confusion.value(of: score)
    }

    /// The trained weights by parameter name.
    public var weights: [String: Tensor] {
        Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.name, $0.parameter.value) })
    }
}
