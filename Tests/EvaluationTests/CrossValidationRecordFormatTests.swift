import Foundation
import Losses
import Testing

@testable import Evaluation

/// A split record is one flat JSON object: the fold's scores (``CrossValidationScores``) are
/// stored beside the record's own keys, so records of every run read the same.
@Suite("Split record format")
struct CrossValidationRecordFormatTests {
    static let stored = """
        {"confusion": {"fn": 1, "fp": 0, "tn": 1, "tp": 0}, "format": "flarekit-split-record-1", \
        "history": {"epochs": [], "stoppedEarly": false}, "index": 2, "labels": [1, 0], \
        "probabilities": [0.25, 0.125], "sample_indices": [7, 3], "scored_set": "test", \
        "settings": {"epochs": "1"}, "split": "fold-3", "threshold": 0.5, \
        "validation_probabilities": [0.75], "weights": "fold-3.safetensors"}
        """

    @Test func aStoredRecordReadsAndWritesTheSameKeys() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("split-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("fold-3.json")
        try Data(Self.stored.utf8).write(to: url)

        let record = try CrossValidationRecord.read(from: url)
        #expect(record.split == "fold-3" && record.index == 2 && record.weights == "fold-3.safetensors")
        #expect(record.settings == NamedSettings(["epochs": "1"]))
        #expect(record.sampleIndices == [7, 3] && record.probabilities == [0.25, 0.125] && record.labels == [1, 0])
        #expect(record.scoredSet == "test" && record.threshold == 0.5 && record.validationProbabilities == [0.75])
        #expect(record.confusion == ConfusionMatrix(tp: 0, tn: 1, fp: 0, fn: 1) && record.history.epochs.isEmpty)

        try record.write(to: url)
        let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let original = try #require(try JSONSerialization.jsonObject(with: Data(Self.stored.utf8)) as? [String: Any])
        #expect(Set(written.keys) == Set(original.keys))
        #expect(try CrossValidationRecord.read(from: url) == record)
    }
}
