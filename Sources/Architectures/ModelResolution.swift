import Foundation
import NeuralCore

extension FlareModel {
    /// Builds the model for a weight file: from its metadata when present (the architecture
    /// and sizes given, if any, must then agree with it), otherwise from the arguments alone
    /// (the architecture is then needed; input size defaulting to 128 for CNN-1, 256 for CNN-2
    /// and 128 for LRCN frames, frame count to 40), and loads the weights.
    /// - Throws: ``ArchitecturesError/invalidConfiguration(_:)`` naming the disagreement,
    ///   ``ArchitecturesError/metadata(path:problem:)`` for a file without a description when no
    ///   architecture is given, and the weight-loading errors of NeuralCore.
    public static func resolve(
        weights url: URL, architecture: String? = nil, inputSize: Int? = nil, frames: Int? = nil
    ) throws -> FlareModel {
        if let (configuration, preprocessing) = try description(in: url) {
            if let architecture, configuration.name != architecture {
                throw ArchitecturesError.invalidConfiguration(
                    "\(url.path) holds a \(configuration.name) model, not \(architecture)")
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
                path: url.path, problem: "no '\(metadataKey)' metadata to rebuild the network from; give its architecture (cnn1, cnn2 or lrcn)")
        }
        let configuration: ArchitectureConfiguration
        switch architecture {
        case "cnn1":
            var c = CNN1Configuration()
            c.inputSize = inputSize ?? 128
            configuration = .cnn1(c)
        case "cnn2":
            var c = CNN2Configuration()
            c.inputSize = inputSize ?? 256
            configuration = .cnn2(c)
        case "lrcn":
            var c = LRCNConfiguration()
            c.frameSize = inputSize ?? 128
            c.frames = frames ?? 40
            configuration = .lrcn(c)
        default:
            throw ArchitecturesError.invalidConfiguration("unknown architecture '\(architecture)' (expected cnn1, cnn2 or lrcn)")
        }
        if frames != nil, architecture != "lrcn" {
            throw ArchitecturesError.invalidConfiguration("--frames applies to the lrcn only")
        }
        return try load(from: url, configuration: configuration)
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
