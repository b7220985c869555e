import Foundation
import NeuralCore

/// What a FlareKit weight file holds, for people: the network's Keras-style summary (rebuilt from
/// the file's own description and loaded, so a file whose tensors do not fit is refused), the
/// input preprocessing, and every other metadata entry (split, threshold, training settings...).
///
/// ```swift
/// print(try WeightFileSummary(url: URL(fileURLWithPath: "run/bhattacharjee/weights/fold-1.safetensors")).text)
/// ```
public struct WeightFileSummary: Sendable {
    /// The file.
    public let url: URL
    /// The network's layer table.
    public let layers: String
    /// The architecture and its sizes.
    public let configuration: ArchitectureConfiguration
    /// The input preprocessing the model expects.
    public let preprocessing: InputPreprocessing
    /// Every metadata entry but the model description (and its `architecture` name), by key.
    public let metadata: [String: String]

    /// Reads and checks the file.
    /// - Throws: ``ArchitecturesError/metadata(path:problem:)`` for a file without a model
    ///   description, NeuralCore's file and weight errors otherwise (each naming the file).
    public init(url: URL) throws {
        self.url = url
        let model = try FlareModel.load(from: url)
        configuration = model.configuration
        preprocessing = model.preprocessing
        layers = try model.summary()
        metadata = try SafeTensors.readMetadata(from: url).filter { $0.key != FlareModel.metadataKey && $0.key != "architecture" }
    }

    /// The summary as printed by `flarekit summary`.
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = { (value: any Encodable) in (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?" }
        var lines = ["\(url.path)", "", layers, "", "architecture: \(json(configuration))", "preprocessing: \(json(preprocessing))"]
        let width = (metadata.keys.map(\.count).max() ?? 0) + 1
        for key in metadata.keys.sorted() {
            lines.append((key + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0) + (metadata[key] ?? ""))
        }
        return lines.joined(separator: "\n")
    }
}
