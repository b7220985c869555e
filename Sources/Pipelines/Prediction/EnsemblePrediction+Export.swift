import Evaluation
import Foundation
import NeuralCore

extension EnsemblePrediction {
    /// The rows of the ``PredictionCSV``: every model's probability for every sample (grouped
    /// by model, in column order), then, for more than one model, the per-sample `median`. The
    /// label is the ``target``'s (empty for samples without labels); `split` is the model's
    /// recorded split.
    public func records(threshold: Double = 0.5) -> [PredictionRecord] {
        func record(_ sample: Sample, _ probability: Float, model: String, split: String?) -> PredictionRecord {
            PredictionRecord(
                sampleID: sample.id, sampleIndex: sample.sampleIndex, harpNumber: sample.harpNumber,
                noaaRegions: sample.noaaRegions, time: sample.time, label: sample.label, probability: Double(probability),
                threshold: threshold, model: model, split: split)
        }
        var rows: [PredictionRecord] = []
        rows.reserveCapacity(samples.count * (models.count + 1))
        for (column, model) in models.enumerated() {
            let split = splits.indices.contains(column) ? splits[column] : nil
            rows += samples.map { record($0, $0.probabilities[column], model: model, split: split) }
        }
        if models.count > 1 { rows += samples.map { record($0, $0.median, model: "median", split: nil) } }
        return rows
    }

    /// The samples as a ``PredictionCSV`` (``records(threshold:)``). Skipped samples are not
    /// rows (they are in the JSON).
    ///
    /// ```text
    /// sample_id,sample_index,harpnum,noaa_ar,t_rec,label,probability,threshold,predicted,model,split
    /// HARP 1240 2012-01-01T10:48:00Z,0,1240,11380,2012-01-01T10:48:00Z,1,0.810000002,0.5,1,a.safetensors,fold-1
    /// ```
    public func csv(threshold: Double = 0.5) -> String {
        PredictionCSV.text(records(threshold: threshold))
    }

    /// The prediction as JSON (sorted keys, pretty-printed):
    ///
    /// ```json
    /// {
    ///   "models": ["a.safetensors", "b.safetensors"], "target": "region",
    ///   "samples": [{"id": "HARP 1240 2012-01-01T10:48:00Z", "probabilities": [0.81, 0.64],
    ///                "median": 0.725, "label": 1, "sample_class": "M"}],
    ///   "skipped": [{"id": "HARP 1241 2012-01-02T00:00:00Z", "reason": "video of 40 frames: ..."}]
    /// }
    /// ```
    /// `target` (the label's kind: `region`, `C1+` or `M1+`), `label` and `sample_class` are
    /// present for manifest samples only.
    /// - Throws: ``PipelinesError/stageFailed(stage:reason:)`` when a value cannot be encoded.
    public func jsonData() throws -> Data {
        let document = Document(
            models: models,
            samples: samples.map {
                .init(id: $0.id, probabilities: $0.probabilities, median: $0.median, label: $0.label,
                      sampleClass: $0.sampleClass?.rawValue)
            },
            skipped: skipped.map { .init(id: $0.id, reason: $0.reason) }, target: target?.rawValue)
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

    /// Writes ``csv(threshold:)``, replacing the file atomically.
    /// - Throws: `EvaluationError.file` naming the file when it cannot be written.
    public func writeCSV(to url: URL, threshold: Double = 0.5) throws {
        try PredictionCSV.write(records(threshold: threshold), to: url)
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
        var target: String?
    }
}
