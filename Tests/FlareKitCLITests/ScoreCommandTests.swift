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

    @Test func mismatchedLengthsGiveOneLineAndStatus1() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runFlareKit([
            "score", "--predictions", Self.fixtures.appendingPathComponent("mixed_f64_i64_predictions.npy").path,
            "--labels", Self.fixtures.appendingPathComponent("no_negatives_f64_u8_labels.npy").path,
        ])
        #expect(result.status == 1)
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("same N"))
        let missing = try runFlareKit(["score", "--predictions", folder.appendingPathComponent("none.npy").path,
                                       "--labels", folder.appendingPathComponent("none.npy").path])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("none.npy"))
    }
}

struct ProcessResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs the `flarekit` executable built next to the test bundle.
func runFlareKit(_ arguments: [String]) throws -> ProcessResult {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [products, products.deletingLastPathComponent()].map { $0.appendingPathComponent("flarekit") }
    let executable = try #require(
        candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
        "flarekit not found next to the tests (\(products.path)); build it with `swift build --build-tests`")
    let process = Process()
    process.executableURL = executable
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
