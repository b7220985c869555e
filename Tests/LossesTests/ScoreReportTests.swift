import Foundation
import NeuralCore
import Testing
@testable import Losses

/// `ScoreReport` (what `flarekit score` prints) against fixtures that scikit-learn and numpy
/// computed (Scripts/fixtures/make_score_fixtures.py).
@Suite("Score report")
struct ScoreReportTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/score")

    static let cases = [
        "mixed_f64_i64", "mixed_f32_u8_column", "mixed_f32_bool_t03", "mixed_f64_f32labels",
        "threshold_edge_f64_i32", "no_positives_f32_f64", "no_negatives_f64_u8",
    ]

    @Test("Matches scikit-learn and the SOL formulas", arguments: cases)
    func matchesFixture(name: String) throws {
        let expectedData = try Data(contentsOf: Self.folder.appendingPathComponent("\(name)_expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: expectedData) as? [String: Any])
        let threshold = try #require(expected["threshold"] as? Double)
        let report = try ScoreReport.load(
            predictions: Self.folder.appendingPathComponent("\(name)_predictions.npy"),
            labels: Self.folder.appendingPathComponent("\(name)_labels.npy"), threshold: threshold)
        let actual = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        expectSameJSON(actual, expected, path: name)
    }

    @Test func rejectsBadInput() throws {
        #expect(throws: LossesError.self) { try ScoreReport(probabilities: [0.2, 0.4], labels: [1]) }
        #expect(throws: LossesError.self) { try ScoreReport(probabilities: [0.2, 1.4], labels: [1, 0]) }
        #expect(throws: LossesError.self) { try ScoreReport(probabilities: [0.2, .nan], labels: [1, 0]) }
        #expect(throws: LossesError.self) { try ScoreReport(probabilities: [0.2, 0.3], labels: [1, 0.5]) }
        #expect(throws: LossesError.self) { try ScoreReport(probabilities: [], labels: []) }
        // A threshold outside [0, 1] decides nothing about probabilities.
        for threshold in [2, -1, Double.nan, .infinity] {
            #expect(throws: LossesError.self) { try ScoreReport(probabilities: [0.2, 0.7], labels: [0, 1], threshold: threshold) }
        }
        #expect(try ScoreReport(probabilities: [0.2, 0.7], labels: [0, 1], threshold: 1).confusion.tp == 0)
    }
}

/// Compares two JSON values: same keys, same nulls, numbers within 1e-9 (relative above 1).
func expectSameJSON(_ actual: Any, _ expected: Any, path: String, sourceLocation: SourceLocation = #_sourceLocation) {
    switch (actual, expected) {
    case let (a as [String: Any], e as [String: Any]):
        #expect(Set(a.keys) == Set(e.keys), "\(path): keys \(a.keys.sorted()) vs \(e.keys.sorted())", sourceLocation: sourceLocation)
        for (key, value) in e {
            if let other = a[key] { expectSameJSON(other, value, path: "\(path).\(key)", sourceLocation: sourceLocation) }
        }
    case (is NSNull, is NSNull):
        break
    case let (a as NSNumber, e as NSNumber):
        let difference = abs(a.doubleValue - e.doubleValue)
        #expect(difference <= 1e-9 * max(1, abs(e.doubleValue)), "\(path): \(a) vs \(e)", sourceLocation: sourceLocation)
    default:
        Issue.record("\(path): \(actual) vs \(expected)", sourceLocation: sourceLocation)
    }
}
