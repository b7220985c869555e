import Foundation
import Testing

/// End-to-end tests of the `flarekit` executable: exit status, output and error lines.
@Suite("flarekit score (end to end)")
struct ScoreCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/score")

    @Test func printsTheJSONKeys() throws {
        let result = try runFlareKit([
            "score", "--predictions", Self.fixtures.appendingPathComponent("mixed_f64_i64_predictions.npy").path,
            "--labels", Self.fixtures.appendingPathComponent("mixed_f64_i64_labels.npy").path, "--json",
        ])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys).isSuperset(of: ["confusion", "scores", "sol"]))
        let sol = try #require(object["sol"] as? [String: Any])
        #expect(Set(sol.keys) == ["uniform", "cosine"])
        let scores = try #require(object["scores"] as? [String: Any])
        #expect(Set(scores.keys) == ["recall", "precision", "specificity", "far", "fpr", "accuracy", "f1", "csi", "tss", "hss1", "hss2"])
    }

    static let evaluationFixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/evaluation")

    /// The threshold-free keys against scikit-learn and a brute-force threshold search
    /// (Scripts/fixtures/make_evaluation_fixtures.py), with the old keys still present.
    @Test func printsThresholdFreeKeysMatchingTheFixture() throws {
        let result = try runFlareKit([
            "score", "--predictions", Self.evaluationFixtures.appendingPathComponent("score_cli_predictions.npy").path,
            "--labels", Self.evaluationFixtures.appendingPathComponent("score_cli_labels.npy").path, "--json",
        ])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["threshold", "confusion", "scores", "sol", "auc", "brier", "bss", "best_threshold"])
        let expectedData = try Data(contentsOf: Self.evaluationFixtures.appendingPathComponent("score_cli_expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: expectedData) as? [String: Any])
        for key in ["auc", "brier", "bss"] {
            let value = try #require(object[key] as? Double, "\(key)")
            let reference = try #require(expected[key] as? Double)
            #expect(abs(value - reference) <= 1e-12, "\(key): \(value) vs \(reference)")
        }
        let best = try #require(object["best_threshold"] as? [String: [String: Any]])
        let expectedBest = try #require(expected["best_threshold"] as? [String: [String: Any]])
        #expect(Set(best.keys) == ["tss", "hss2"])
        for key in ["tss", "hss2"] {
            let threshold = try #require(best[key]?["threshold"] as? Double), value = try #require(best[key]?["value"] as? Double)
            #expect(threshold == expectedBest[key]?["threshold"] as? Double, "\(key) threshold")
            #expect(abs(value - (expectedBest[key]?["value"] as? Double ?? .nan)) <= 1e-12, "\(key) value")
        }
    }

    @Test func undefinedThresholdFreeScoresAreNull() throws {
        let result = try runFlareKit([
            "score", "--predictions", Self.fixtures.appendingPathComponent("no_positives_f32_f64_predictions.npy").path,
            "--labels", Self.fixtures.appendingPathComponent("no_positives_f32_f64_labels.npy").path, "--json",
        ])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["auc"] is NSNull)
        #expect(object["bss"] is NSNull)
        #expect(object["brier"] is Double)
        let best = try #require(object["best_threshold"] as? [String: [String: Any]])
        #expect(best["tss"]?["threshold"] is NSNull && best["tss"]?["value"] is NSNull)
        // Without positives HSS2 is 0 wherever it is defined.
        #expect(best["hss2"]?["value"] as? Double == 0)
    }

    @Test func textOutputListsTheNewScores() throws {
        let result = try runFlareKit([
            "score", "--predictions", Self.evaluationFixtures.appendingPathComponent("score_cli_predictions.npy").path,
            "--labels", Self.evaluationFixtures.appendingPathComponent("score_cli_labels.npy").path,
        ])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        for word in ["TP ", "tss", "score-oriented losses (uniform)", "auc", "brier", "bss", "best tss", "best hss2"] {
            #expect(result.standardOutput.contains(word), "missing \(word)")
        }
    }

    @Test func mismatchedLengthsGiveOneLineAndStatus65() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runFlareKit([
            "score", "--predictions", Self.fixtures.appendingPathComponent("mixed_f64_i64_predictions.npy").path,
            "--labels", Self.fixtures.appendingPathComponent("no_negatives_f64_u8_labels.npy").path,
        ])
        #expect(result.status == 65)
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("mixed_f64_i64_predictions.npy") && result.standardError.contains("no_negatives_f64_u8_labels.npy"))
        let missing = try runFlareKit(["score", "--predictions", folder.appendingPathComponent("none.npy").path,
                                       "--labels", folder.appendingPathComponent("none.npy").path])
        #expect(missing.status == 66)
        #expect(missing.standardError.contains("none.npy: no such file"))
    }
}

struct ProcessResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// The `flarekit` executable built next to the test bundle.
func flareKitExecutable() throws -> URL {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [products, products.deletingLastPathComponent()].map { $0.appendingPathComponent("flarekit") }
    return try #require(
        candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
        "flarekit not found next to the tests (\(products.path)); build it with `swift build --build-tests`")
}

/// Runs the `flarekit` executable built next to the test bundle.
func runFlareKit(_ arguments: [String]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = try flareKitExecutable()
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
        standardError: String(decoding: errData, as: UTF8.self))
}
