import Foundation
import NeuralCore

extension EnsemblePrediction {
    /// The CSV header: `id,model_1,...,model_K,median`, then `label,sample_class` when the
    /// samples are labelled.
    public var csvColumns: [String] {
        ["id"] + models.indices.map { "model_\($0 + 1)" } + ["median"] + (isLabelled ? ["label", "sample_class"] : [])
    }

    /// The samples as CSV (RFC 4180: fields with commas, quotes or line breaks quoted, LF line
    /// ends): the ``csvColumns`` header, then one row per sample with the probabilities as
    /// shortest round-trip decimals. Skipped samples are not rows (they are in the JSON).
    ///
    /// ```text
    /// id,model_1,model_2,median,label,sample_class
    /// HARP 1240 2012-01-01T10:48:00Z,0.81,0.64,0.725,1,M
    /// ```
    public func csv() -> String {
        let labelled = isLabelled
        var lines = [csvColumns.joined(separator: ",")]
        lines.reserveCapacity(samples.count + 1)
        for sample in samples {
            var fields = [Self.csvField(sample.id)] + sample.probabilities.map { "\($0)" } + ["\(sample.median)"]
            if labelled {
                fields += [sample.label.map(String.init) ?? "", sample.sampleClass?.rawValue ?? ""]
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The prediction as JSON (sorted keys, pretty-printed):
    ///
    /// ```json
    /// {
    ///   "models": ["a.safetensors", "b.safetensors"],
    ///   "samples": [{"id": "HARP 1240 2012-01-01T10:48:00Z", "probabilities": [0.81, 0.64],
    ///                "median": 0.725, "label": 1, "sample_class": "M"}],
    ///   "skipped": [{"id": "HARP 1241 2012-01-02T00:00:00Z", "reason": "video of 40 frames: ..."}]
    /// }
    /// ```
    /// `label` and `sample_class` are present for manifest samples only.
    /// - Throws: ``PipelinesError/stageFailed(stage:reason:)`` when a value cannot be encoded.
    public func jsonData() throws -> Data {
        let document = Document(
            models: models,
            samples: samples.map {
                .init(id: $0.id, probabilities: $0.probabilities, median: $0.median, label: $0.label,
                      sampleClass: $0.sampleClass?.rawValue)
            },
            skipped: skipped.map { .init(id: $0.id, reason: $0.reason) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(document)
        } catch {
            throw PipelinesError.stageFailed(stage: "prediction JSON", reason: "\(error)")
        }
    }

    /// Writes ``jsonData()``, replacing the file atomically.
    /// - Throws: `NeuralCoreError.file` naming the file when it cannot be written.
    public func writeJSON(to url: URL) throws {
        try writeAtomically(try jsonData(), to: url)
    }

    /// Writes ``csv()``, replacing the file atomically.
    /// - Throws: `NeuralCoreError.file` naming the file when it cannot be written.
    public func writeCSV(to url: URL) throws {
        try writeAtomically(Data(csv().utf8), to: url)
    }

    /// Writes the medians as a float32 `.npy` of shape `[N]` (for one model, its
    /// probabilities), replacing the file atomically.
    /// - Throws: `NeuralCoreError.file` naming the file when it cannot be written.
    public func writeMedians(to url: URL) throws {
        try NumpyArray.write(try Tensor(shape: [samples.count], scalars: medians), to: url)
    }

    /// The JSON layout.
    private struct Document: Encodable {
        struct Row: Encodable {
            var id: String
            var probabilities: [Float]
            var median: Float
            var label: Int?
            var sampleClass: String?

            enum CodingKeys: String, CodingKey {
                case id, probabilities, median, label
                case sampleClass = "sample_class"
            }
        }

        struct Skipped: Encodable {
            var id: String
            var reason: String
        }

        var models: [String]
        var samples: [Row]
        var skipped: [Skipped]
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
