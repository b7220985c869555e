import Architectures
import Foundation
import FoundationXML
import NeuralCore
import Testing

/// `flarekit probe` end to end with tiny CNN-1 models.
@Suite("flarekit probe (end to end)")
struct ProbeCommandTests {
    /// Saves a CNN-1 with input size 16 and fresh weights drawn with `seed`.
    static func tinyModel(seed: UInt64, in folder: URL, inputSize: Int = 16) throws -> URL {
        var generator = SeededGenerator(seed: seed)
        var configuration = CNN1Configuration()
        configuration.inputSize = inputSize
        configuration.filters = [2, 2]
        configuration.denseUnits = 4
        let model = try FlareModel(.cnn1(configuration), generator: &generator)
        let url = folder.appendingPathComponent("model-\(seed)-\(inputSize).safetensors")
        try model.save(to: url)
        return url
    }

    static func sweep(in folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("sweep.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Each curve's per-point means.
    static func means(_ sweep: [String: Any]) throws -> [[Double]] {
        let curves = try #require(sweep["curves"] as? [[String: Any]])
        return try curves.map { curve in
            let points = try #require(curve["points"] as? [[String: Any]])
            return points.compactMap { $0["mean"] as? Double }
        }
    }

    @Test func sweepOverTwoModelsIsTheMeanOfSingleModelRuns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("probe-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let first = try Self.tinyModel(seed: 1, in: folder), second = try Self.tinyModel(seed: 2, in: folder)
        func run(_ weights: [URL], into name: String) throws -> (ProcessResult, URL) {
            let output = folder.appendingPathComponent(name)
            let result = try runFlareKit(
                ["probe"] + weights.flatMap { ["--weights", $0.path] } + [
                    "--parameter", "radius", "--values", "4:12:4", "--arrangement", "-+", "--arrangement", "+-",
                    "--field", "1500", "--output", output.path,
                ])
            return (result, output)
        }
        let (both, bothFolder) = try run([first, second], into: "both")
        #expect(both.status == 0, "stderr: \(both.standardError)")
        for file in ["sweep.json", "sweep.csv", "sweep.svg", "report.md"] {
            #expect(FileManager.default.fileExists(atPath: bothFolder.appendingPathComponent(file).path), "\(file)")
        }
        #expect(both.standardOutput.contains("high peak"))

        let sweep = try Self.sweep(in: bothFolder)
        #expect(sweep["model_count"] as? Int == 2)
        #expect(sweep["parameter"] as? String == "radius")
        let curves = try #require(sweep["curves"] as? [[String: Any]])
        #expect(curves.count == 2)
        #expect(curves.compactMap { $0["arrangement"] as? String } == ["-+", "+-"])
        for curve in curves {
            #expect(curve["field_gauss"] as? Double == 1500)
            let points = try #require(curve["points"] as? [[String: Any]])
            #expect(points.compactMap { $0["value"] as? Double } == [4, 8, 12])
            for point in points { #expect((point["outputs"] as? [Double])?.count == 2) }
        }
        let csvLines = try String(contentsOf: bothFolder.appendingPathComponent("sweep.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csvLines.count == 1 + 2 * 3)
        let svg = try Data(contentsOf: bothFolder.appendingPathComponent("sweep.svg"))
        let parser = XMLParser(data: svg)
        #expect(parser.parse(), "sweep.svg is not well-formed XML: \(String(describing: parser.parserError))")

        // The mean over models is the mean of the single-model curves.
        let (one, oneFolder) = try run([first], into: "one")
        let (two, twoFolder) = try run([second], into: "two")
        #expect(one.status == 0 && two.status == 0, "stderr: \(one.standardError) \(two.standardError)")
        #expect(try Self.sweep(in: oneFolder)["model_count"] as? Int == 1)
        let meanBoth = try Self.means(sweep), meanOne = try Self.means(Self.sweep(in: oneFolder))
        let meanTwo = try Self.means(Self.sweep(in: twoFolder))
        #expect(meanBoth.map(\.count) == [3, 3] && meanOne.map(\.count) == [3, 3])
        for c in meanBoth.indices {
            for k in meanBoth[c].indices {
                let expected = (meanOne[c][k] + meanTwo[c][k]) / 2
                #expect(abs(meanBoth[c][k] - expected) <= 1e-12, "curve \(c) point \(k)")
            }
        }
    }

    @Test func badValuesAndMissingWeightsAreOneLineErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("probe-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let model = try Self.tinyModel(seed: 3, in: folder)
        let badRange = try runFlareKit([
            "probe", "--weights", model.path, "--parameter", "field", "--values", "10:1:1", "--output", folder.path,
        ])
        #expect(badRange.status == 64)
        #expect(badRange.standardError.hasPrefix("Error: ") && badRange.standardError.contains("Usage: flarekit probe"))
        let missing = try runFlareKit([
            "probe", "--weights", folder.appendingPathComponent("none.safetensors").path, "--parameter", "field",
            "--values", "1000,2000", "--output", folder.path,
        ])
        #expect(missing.status == 66)
        #expect(missing.standardError.hasPrefix("flarekit: error:") && missing.standardError.split(separator: "\n").count == 1)
        // Models of different input sizes cannot be averaged.
        let other = try Self.tinyModel(seed: 4, in: folder, inputSize: 20)
        let mixed = try runFlareKit([
            "probe", "--weights", model.path, "--weights", other.path, "--parameter", "radius", "--values", "5",
            "--output", folder.path,
        ])
        #expect(mixed.status == 64)
        #expect(mixed.standardError.contains("model 2") && mixed.standardError.hasPrefix("Error: "))
    }
}
