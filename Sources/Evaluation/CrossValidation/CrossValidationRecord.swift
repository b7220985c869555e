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
    /// The training history.
    public var history: TrainingHistory
    /// The threshold applied to the scored probabilities.
    public var threshold: Double
    /// `"test"` or `"validation"`.
    public var scoredSet: String
    /// The scored samples' indices, probabilities and labels, in the same order.
    public var sampleIndices: [Int]
    public var probabilities: [Double]
    public var labels: [Double]
    /// The validation samples' probabilities, in split order.
    public var validationProbabilities: [Double]
    /// The confusion matrix of the scored samples at ``threshold``.
    public var confusion: ConfusionMatrix
    /// The weights file's name, in the runner's weights folder.
    public var weights: String

    enum CodingKeys: String, CodingKey {
        case format, split, index, settings, history, threshold, confusion, weights, labels, probabilities
        case scoredSet = "scored_set", sampleIndices = "sample_indices", validationProbabilities = "validation_probabilities"
    }

    /// The record of a trained fold.
    public init(fold: CrossValidationFold, index: Int, settings: NamedSettings, weights: String) {
        format = Self.currentFormat
        split = fold.name
        self.index = index
        self.settings = settings
        history = fold.history
        threshold = fold.threshold
        scoredSet = fold.scoredSet
        sampleIndices = fold.sampleIndices
        probabilities = fold.probabilities
        labels = fold.labels
        validationProbabilities = fold.validationProbabilities
        confusion = fold.confusion
        self.weights = weights
    }

    /// The fold this record describes, with `model` (holding the split's weights) and the
    /// weights file's URL.
    public func fold(model: any Layer, weightsURL: URL) -> CrossValidationFold {
        CrossValidationFold(
            name: split, model: model, history: history, threshold: threshold, scoredSet: scoredSet,
            sampleIndices: sampleIndices, probabilities: probabilities, labels: labels,
            validationProbabilities: validationProbabilities, confusion: confusion, weightsURL: weightsURL)
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
