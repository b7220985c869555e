import Architectures
import Datasets
import Foundation
import NeuralCore

extension BipoleProbe {
    /// A probe of trained FlareKit models (one, or the models of several folds), each probe
    /// input prepared as the first model's ``FlareModel/preprocessing`` says, resized bilinearly
    /// to its input size when the preprocessing records no geometry.
    ///
    /// ```swift
    /// let models = try paths.map { try FlareModel.load(from: $0) }
    /// let sweep = try BipoleProbe(flareModels: models).sweep(.radius, values: [2, 4, 8, 16])
    /// ```
    /// - Throws: ``InterpretabilityError/invalidArgument(name:value:reason:)`` when there are no
    ///   models, a model takes videos, or the models disagree on input shape or preprocessing;
    ///   the preparation's errors for a bad preprocessing.
    public init(flareModels: [FlareModel]) throws {
        guard let first = flareModels.first else {
            throw InterpretabilityError.invalidArgument(name: "models", value: "[]", reason: "a probe needs at least one model")
        }
        let shape = first.configuration.sampleShape
        guard shape.count == 3, shape[0] == 1 else {
            throw InterpretabilityError.invalidArgument(
                name: "model", value: first.kind, reason: "a bipole probe needs a single-image model (input \(shape))")
        }
        for (k, model) in flareModels.enumerated().dropFirst() {
            guard model.configuration.sampleShape == shape, model.preprocessing == first.preprocessing else {
                throw InterpretabilityError.invalidArgument(
                    name: "model \(k + 1)", value: "\(model.kind) \(model.configuration.sampleShape)",
                    reason: "differs from model 1 (\(first.kind) \(shape)) in input shape or preprocessing")
            }
        }
        let preparation = try SamplePreparation(
            first.preprocessing, defaultGeometry: .resize(width: shape[2], height: shape[1], method: .bilinear))
        try self.init(models: flareModels, preparation: preparation)
    }
}
