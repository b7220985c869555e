import Architectures
import Datasets
import Foundation
import NeuralCore

/// One network of an ensemble and the weight file it came from: the model is rebuilt from the
/// file's metadata (architecture, sizes and `InputPreprocessing`), so each member is fed the way
/// it was trained.
///
/// ```swift
/// let member = try EnsembleMember.load(weights: URL(fileURLWithPath: "run/realisation-1.safetensors"))
/// member.model.configuration.sampleShape     // [40, 1, 128, 128] for the paper's LRCN
/// let preparation = try member.preparation()  // how a FITS file becomes this model's input
/// ```
public struct EnsembleMember {
    /// The weight file (names the member in reports and errors).
    public let path: String
    /// The network with its weights.
    public let model: FlareModel
    /// The weight file's metadata (`WeightProvenance`'s keys: `label`, `frames`,
    /// `cadence_minutes`, `split`...); empty for a model built in memory.
    public let metadata: [String: String]

    /// A member from a model already built, with the metadata of the file it came from.
    public init(path: String, model: FlareModel, metadata: [String: String] = [:]) {
        self.path = path
        self.model = model
        self.metadata = metadata
    }

    /// Loads a weight file.
    ///
    /// With metadata, the file decides the architecture; `architecture`, `inputSize` and
    /// `frames`, when given, must agree with it. Without metadata the model is built from
    /// them (`architecture` is then required; see `FlareModel.resolve`).
    /// - Throws: ``PipelinesError/file(path:problem:)`` for a file without metadata and no
    ///   architecture; `ArchitecturesError` for a disagreement or malformed metadata and
    ///   NeuralCore's errors for an unreadable or mismatched weight file (each naming the file).
    public static func load(
        weights url: URL, architecture: ArchitectureName? = nil, inputSize: Int? = nil, frames: Int? = nil
    ) throws -> EnsembleMember {
        let chosen: ArchitectureName
        if let architecture {
            chosen = architecture
        } else if let (configuration, _) = try FlareModel.description(in: url) {
            chosen = configuration.architectureName
        } else {
            throw PipelinesError.file(
                path: url.path,
                problem: "has no '\(FlareModel.metadataKey)' metadata; give its architecture (\(ArchitectureName.listed)) to build it")
        }
        let model = try FlareModel.resolve(weights: url, architecture: chosen, inputSize: inputSize, frames: frames)
        return EnsembleMember(path: url.path, model: model, metadata: try SafeTensors.readMetadata(from: url))
    }

    /// The shape of one input sample: `[1, S, S]` (CNNs) or `[T, 1, S, S]` (LRCN).
    public var sampleShape: [Int] { model.configuration.sampleShape }

    /// The frames per video for the LRCN, `nil` for the CNNs.
    public var frameCount: Int? {
        if case let .lrcn(lrcn) = model.configuration { return lrcn.frames }
        return nil
    }

    /// How a magnetogram becomes this model's input: the weight file's `InputPreprocessing`,
    /// with the papers' bilinear resize to the model's input size when it records no geometry.
    /// - Throws: ``PipelinesError/file(path:problem:)`` when the preprocessing is invalid or
    ///   makes inputs of another size than the model takes.
    public func preparation() throws -> SamplePreparation {
        let shape = sampleShape
        let height = shape[shape.count - 2], width = shape[shape.count - 1]
        let preparation: SamplePreparation
        do {
            preparation = try SamplePreparation(
                model.preprocessing, defaultGeometry: .resize(width: width, height: height, method: .bilinear))
        } catch {
            throw PipelinesError.file(path: path, problem: "invalid input preprocessing: \(error)")
        }
        guard preparation.width == width, preparation.height == height else {
            throw PipelinesError.file(
                path: path,
                problem: "its preprocessing makes \(preparation.width) x \(preparation.height) inputs, but the "
                    + "\(model.kind) model takes \(width) x \(height)")
        }
        return preparation
    }
}
