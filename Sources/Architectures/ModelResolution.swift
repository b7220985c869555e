import Foundation
import NeuralCore

extension FlareModel {
    /// Builds the model for a weight file: from its metadata when present (the architecture
    /// and sizes given, if any, must then agree with it), otherwise from the arguments alone
    /// (the architecture is then needed; ``ArchitectureName/defaultConfiguration(inputSize:frames:)``
    /// with the sizes given), and loads the weights.
    /// - Throws: ``ArchitecturesError/invalidConfiguration(_:)`` naming the disagreement (or a
    ///   frame count requested for a CNN), ``ArchitecturesError/metadata(path:problem:)`` for a
    ///   file without a description when no architecture is given, and the weight-loading errors
    ///   of NeuralCore.
    public static func resolve(
        weights url: URL, architecture: ArchitectureName? = nil, inputSize: Int? = nil, frames: Int? = nil
    ) throws -> FlareModel {
        if let (configuration, preprocessing) = try description(in: url) {
            if let architecture, configuration.architectureName != architecture {
                throw ArchitecturesError.invalidConfiguration(
                    "\(url.path) holds a \(configuration.name) model, not \(architecture.rawValue)")
            }
            let shape = configuration.sampleShape
            if let inputSize, inputSize != shape.last! {
                throw ArchitecturesError.invalidConfiguration(
                    "\(url.path) was saved for input size \(shape.last!), not \(inputSize)")
            }
            if let frames {
                guard case let .lrcn(lrcn) = configuration, lrcn.frames == frames else {
                    throw ArchitecturesError.invalidConfiguration(
                        "\(url.path) was saved for \(configuration.sampleShape.count == 4 ? "\(shape[0]) frames" : "single images"), not \(frames) frames")
                }
            }
            return try load(from: url, configuration: configuration, preprocessing: preprocessing)
        }
        guard let architecture else {
            throw ArchitecturesError.metadata(
                path: url.path, problem: "no '\(metadataKey)' metadata to rebuild the network from; give its architecture (\(ArchitectureName.listed))")
        }
        if let frames, architecture != .lrcn {
            throw ArchitecturesError.invalidConfiguration(
                "a frame count (\(frames)) applies to the lrcn only, not to the requested \(architecture.rawValue)")
        }
        return try load(from: url, configuration: architecture.defaultConfiguration(inputSize: inputSize, frames: frames))
    }

    /// Inference-mode probabilities for a batch shaped `[N] + sampleShape` (NCHW images or
    /// NTCHW videos), computed `batchSize` samples at a time. The input is used as it is.
    /// - Throws: ``NeuralCoreError/shapeMismatch(operation:expected:actual:)`` for a batch of
    ///   the wrong shape.
    public func probabilities(for batch: Tensor, batchSize: Int = 32) throws -> [Float] {
        let sample = configuration.sampleShape
        guard batch.rank == sample.count + 1, Array(batch.shape.dropFirst()) == sample else {
            throw NeuralCoreError.shapeMismatch(
                operation: "\(configuration.name) input batch", expected: [batch.shape.first ?? 0] + sample, actual: batch.shape)
        }
        let data = try TensorDataset(inputs: batch, labels: try Tensor(shape: [batch.shape[0]]))
        return try predict(data, batchSize: batchSize).scalars
    }
}
