import Foundation
import NeuralCore

/// One of the papers' networks together with the configuration that built it and the input
/// preprocessing it expects. Its weight files describe the model (safetensors `__metadata__`
/// key `flarekit.model`), so ``load(from:)`` rebuilds it from the file alone.
///
/// ```swift
/// var generator = SeededGenerator(seed: 1)
/// var cnn2 = CNN2Configuration(); cnn2.inputSize = 128
/// let model = try FlareModel(.cnn2(cnn2), generator: &generator)
/// print(try model.summary())
/// try model.save(to: url)
/// let again = try FlareModel.load(from: url)
/// ```
public final class FlareModel: Layer, SelfDescribingModel {
    /// The architecture and its sizes.
    public let configuration: ArchitectureConfiguration
    /// How raw magnetograms become input.
    public var preprocessing: InputPreprocessing
    /// The layers.
    public let network: Sequential

    /// The metadata key holding the model description (JSON).
    public static let metadataKey = "flarekit.model"

    public var kind: String { configuration.name }

    /// Builds the network with fresh Keras-default weights drawn from `generator`.
    public init(
        _ configuration: ArchitectureConfiguration, preprocessing: InputPreprocessing = .init(),
        generator: inout SeededGenerator
    ) throws {
        self.configuration = configuration
        self.preprocessing = preprocessing
        switch configuration {
        case let .cnn1(c): network = try c.build(generator: &generator)
        case let .cnn2(c): network = try c.build(generator: &generator)
        case let .lrcn(c): network = try c.build(generator: &generator)
        }
    }

    public var sublayers: [(name: String, layer: any Layer)] { network.sublayers }
    public func outputShape(for inputShape: [Int]) throws -> [Int] { try network.outputShape(for: inputShape) }
    /// Runs the network on `input` after `FiniteInputCheck`: every prediction, evaluation,
    /// training step and probe of a model goes through here, so a NaN or an infinity in an
    /// image or a video is an error for the CNNs and the LRCN alike.
    /// - Throws: `NeuralCoreError.nonFiniteInput` naming the sample's
    ///   index in the batch; the layers' shape errors.
    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        try FiniteInputCheck.require(input)
        return try network.forward(input, mode: mode)
    }
    public func backward(_ outputGradient: Tensor) throws -> Tensor { try network.backward(outputGradient) }

    /// A Keras-style table of the layers for one sample.
    public func summary() throws -> String {
        try network.summary(inputShape: [1] + configuration.sampleShape, title: configuration.name)
    }

    /// The description stored in weight files.
    struct Description: Codable {
        var architecture: ArchitectureConfiguration
        var preprocessing: InputPreprocessing
    }

    /// The metadata written with the weights.
    public func metadata() throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(Description(architecture: configuration, preprocessing: preprocessing))
        return [Self.metadataKey: String(decoding: json, as: UTF8.self), "architecture": configuration.name]
    }

    /// Saves every parameter with the model description, atomically.
    public func save(to url: URL, extraMetadata: [String: String] = [:]) throws {
        try saveWeights(to: url, metadata: extraMetadata.merging(try metadata()) { _, ours in ours })
    }

    /// Reads the model description from a weight file's metadata, or `nil` when it has none.
    /// - Throws: ``ArchitecturesError/metadata(path:problem:)`` when the description is malformed.
    public static func description(in url: URL) throws -> (ArchitectureConfiguration, InputPreprocessing)? {
        let metadata = try SafeTensors.readMetadata(from: url)
        guard let json = metadata[metadataKey] else { return nil }
        do {
            let description = try JSONDecoder().decode(Description.self, from: Data(json.utf8))
            return (description.architecture, description.preprocessing)
        } catch {
            throw ArchitecturesError.metadata(path: url.path, problem: "malformed '\(metadataKey)' metadata: \(JSONDecodingProblem(error))")
        }
    }

    /// Rebuilds the model a weight file describes and loads its weights.
    /// - Throws: ``ArchitecturesError/metadata(path:problem:)`` when the file has no
    ///   description, and the weight-loading errors of NeuralCore.
    public static func load(from url: URL) throws -> FlareModel {
        guard let (configuration, preprocessing) = try description(in: url) else {
            throw ArchitecturesError.metadata(
                path: url.path, problem: "no '\(metadataKey)' metadata; build the model from its configuration and call loadWeights")
        }
        return try load(from: url, configuration: configuration, preprocessing: preprocessing)
    }

    /// Builds the model from `configuration` and loads the weights of `url`.
    /// - Throws: ``ArchitecturesError/metadata(path:problem:)`` for an input size above
    ///   ``ArchitectureConfiguration/maximumInputSize`` (before anything is built), and the
    ///   weight-loading errors of NeuralCore.
    public static func load(
        from url: URL, configuration: ArchitectureConfiguration, preprocessing: InputPreprocessing = .init()
    ) throws -> FlareModel {
        if let side = configuration.sampleShape.last, side > ArchitectureConfiguration.maximumInputSize {
            throw ArchitecturesError.metadata(
                path: url.path,
                problem: "input size \(side) is above the largest FlareKit builds, \(ArchitectureConfiguration.maximumInputSize) pixels")
        }
        var generator = SeededGenerator(seed: 0)
        let model = try FlareModel(configuration, preprocessing: preprocessing, generator: &generator)
        try model.loadWeights(from: url)
        return model
    }
}
