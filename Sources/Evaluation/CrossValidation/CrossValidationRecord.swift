import Foundation
import Losses
import NeuralCore

/// What a finished split leaves behind besides its weights: `<records>/<name>.json`, written
/// atomically after `<weights>/<name>.safetensors`, from which the split's
/// ``CrossValidationFold`` is rebuilt without training (the model from the task and the
/// weights file). A split with a record and weights is finished.
///
/// ```swift
/// let record = try CrossValidationRecord.read(from: records.appendingPathComponent("fold-1.json"))
/// record.probabilities.count == record.sampleIndices.count   // true
/// ```
///
/// Doubles are stored in JSON's shortest round-trip form, so the rebuilt fold's probabilities
/// equal the trained fold's bit for bit.
@dynamicMemberLookup
public struct CrossValidationRecord: Codable, Equatable {
    /// The format tag.
    public static let currentFormat = "flarekit-split-record-1"

    /// ``currentFormat``.
    public var format: String
    /// The split's name (`fold-1`).
    public var split: String
    /// The split's position (0-based).
    public var index: Int
    /// The settings the split was trained with (see ``CrossValidationRunner/settings``).
    public var settings: NamedSettings
    /// The history, threshold, scored samples and confusion matrix, whose fields read as the
    /// record's own (`record.probabilities`); stored beside the other keys, in one object.
    public var scores: CrossValidationScores
    /// The weights file's name, in the runner's weights folder.
    public var weights: String

    private enum CodingKeys: String, CodingKey {
        case format, split, index, settings, weights
    }

    /// The record of a trained fold.
    public init(fold: CrossValidationFold, index: Int, settings: NamedSettings, weights: String) {
        format = Self.currentFormat
        split = fold.name
        self.index = index
        self.settings = settings
        scores = fold.scores
        self.weights = weights
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        split = try container.decode(String.self, forKey: .split)
        index = try container.decode(Int.self, forKey: .index)
        settings = try container.decode(NamedSettings.self, forKey: .settings)
        weights = try container.decode(String.self, forKey: .weights)
        scores = try CrossValidationScores(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(split, forKey: .split)
        try container.encode(index, forKey: .index)
        try container.encode(settings, forKey: .settings)
        try container.encode(weights, forKey: .weights)
        try scores.encode(to: encoder)
    }

    /// A field of ``scores``.
    public subscript<Value>(dynamicMember field: WritableKeyPath<CrossValidationScores, Value>) -> Value {
        get { scores[keyPath: field] }
        set { scores[keyPath: field] = newValue }
    }

    /// The fold this record describes, with `model` (holding the split's weights) and the
    /// weights file's URL.
    public func fold(model: any Layer, weightsURL: URL) -> CrossValidationFold {
        CrossValidationFold(name: split, model: model, scores: scores, weightsURL: weightsURL)
    }

    /// Writes the record atomically.
    /// - Throws: ``EvaluationError/file(path:reason:)``.
    public func write(to url: URL) throws {
        do {
            try writeAtomically(try Self.encoder.encode(self) + Data("\n".utf8), to: url)
        } catch {
            throw EvaluationError.file(path: url.path, reason: "cannot write the split record: \(FileWriteProblem.describe(error))")
        }
    }

    /// Reads a record.
    /// - Throws: ``EvaluationError/file(path:reason:)`` when it cannot be read or is not a record.
    public static func read(from url: URL) throws -> CrossValidationRecord {
        let data = try FileReadProblem.contents(of: url) { EvaluationError.file(path: url.path, reason: "cannot read the split record: \($0)") }
        let record: CrossValidationRecord
        do {
            record = try decoder.decode(CrossValidationRecord.self, from: data)
        } catch {
            throw EvaluationError.file(path: url.path, reason: "not a split record: \(JSONDecodingProblem(error))")
        }
        guard record.format == currentFormat else {
            throw EvaluationError.file(path: url.path, reason: "split record format '\(record.format)', expected '\(currentFormat)'")
        }
        let counts = [record.probabilities.count, record.labels.count]
        guard counts.allSatisfy({ $0 == record.sampleIndices.count }) else {
            throw EvaluationError.file(
                path: url.path, reason: "\(record.sampleIndices.count) sample indices but \(counts) probabilities and labels")
        }
        return record
    }

    /// Non-finite values (a validation loss, say) as strings, so every history can be written.
    private static let nonFinite = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder.sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
        return decoder
    }
}
