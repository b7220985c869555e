import Foundation
import Losses
import NeuralCore

/// The outcome of training and scoring one split: the trained model and its
/// ``CrossValidationScores``, whose fields read as the fold's own (`fold.probabilities`,
/// `fold.history.bestEpoch`).
@dynamicMemberLookup
public struct CrossValidationFold {
    /// The split's name.
    public var name: String
    /// The trained model, with the best validation weights restored.
    public var model: any Layer
    /// The history, threshold, scored samples and confusion matrix.
    public var scores: CrossValidationScores
    /// Where the weights were written, when the runner was given a directory.
    public var weightsURL: URL?

    /// A fold from its parts.
    public init(name: String, model: any Layer, scores: CrossValidationScores, weightsURL: URL?) {
        self.name = name
        self.model = model
        self.scores = scores
        self.weightsURL = weightsURL
    }

    /// A field of ``scores``.
    public subscript<Value>(dynamicMember field: WritableKeyPath<CrossValidationScores, Value>) -> Value {
        get { scores[keyPath: field] }
        set { scores[keyPath: field] = newValue }
    }

    /// The value of a skill score on the scored samples (`nil` when undefined).
    public func value(of score: SkillScore) -> Double? {
        scores.value(of: score)
    }

    /// The trained weights by parameter name.
    public var weights: [String: Tensor] {
        Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.name, $0.parameter.value) })
    }
}
