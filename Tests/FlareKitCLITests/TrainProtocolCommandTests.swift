import Architectures
import Datasets
import Foundation
import Testing

/// `flarekit train --protocol paper` for the CNNs at a small size: the paper's settings reach
/// the weights and the report, explicit flags override them and are listed as departures, and
/// the chronological test regions stay out of the cross-validation.
@Suite("flarekit train --protocol paper (CNNs)")
struct TrainProtocolCommandTests {
    @Test func thePaperProtocolAtASmallSize() throws {
        let folder = IndexCommandTests.temporaryFolder("protocol")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifestURL = try IndexCommandTests.indexedArchive(regions: 32, in: folder).manifest
        let manifest = try SampleManifest(contentsOf: manifestURL)

        // The chronological cut in the middle of the archive's regions, by first sample.
        let firsts = Dictionary(grouping: manifest.samples, by: \.harpNumber).mapValues { $0.map(\.time).min()! }
        let sorted = firsts.values.sorted()
        let cutDay = Calendar(identifier: .gregorian).startOfDay(for: sorted[sorted.count * 3 / 4])
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let testRegions = Set(firsts.filter { $0.value >= cutDay }.keys)
        #expect(!testRegions.isEmpty && testRegions.count < firsts.count)

        let run = folder.appendingPathComponent("run")
        let training = try runFlareKit([
            "train", "--manifest", manifestURL.path, "--output", run.path, "--protocol", "paper", "--arch", "cnn1",
            "--input-size", "16", "--epochs", "1", "--parts", "2", "--repetitions", "2", "--test-from", formatter.string(from: cutDay),
        ])
        #expect(training.status == 0, "stderr: \(training.standardError)")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("summary.json"))) as? [String: Any])
        #expect(summary["protocol"] as? String == "paper")
        // Only what the flags changed departs from the paper; the epochs are a stated choice.
        let departures = try #require(summary["departures"] as? [[String: Any]])
        #expect(Set(departures.compactMap { $0["setting"] as? String }) == ["cross-validation", "chronological test set"])
        let choices = try #require(summary["choices"] as? [[String: Any]])
        #expect(choices.contains { $0["setting"] as? String == "epochs" && $0["value"] as? String == "1" })
        let inputs = try #require(summary["inputs"] as? [String: Any])
        #expect(inputs["interpolation"] as? String == "bicubic" && inputs["clip_gauss"] is NSNull && inputs["scale"] as? Double == 1)
        let report = try String(contentsOf: run.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("SGD (learning rate 5e-06") && report.contains("CNN-1 custom loss"))
        #expect(report.contains("Departures from the paper (2)"))

        // The weights carry the paper's preparation: bicubic, gauss, no clip.
        let model = try FlareModel.load(from: run.appendingPathComponent("training/weights/fold-1.safetensors"))
        #expect(model.preprocessing.geometry == .resize(width: 16, height: 16, method: .bicubic))
        #expect(model.preprocessing.clip == nil && model.preprocessing.scale == 1)

        // The test regions are in no fold; each fold model is scored on all of them.
        let predictions = try TrainEvaluateCommandTests.rows(run.appendingPathComponent("training/predictions.csv"))
        #expect(!predictions.isEmpty)
        #expect(predictions.allSatisfy { row in !testRegions.contains(Int(row["harpnum"] ?? "") ?? -1) })
        let scores = try #require(summary["bhattacharjee"] as? [String: Any])
        let chronological = try #require(scores["chronological_test"] as? [String: Any])
        #expect(chronological["regions"] as? Int == testRegions.count)
        #expect(chronological["samples"] as? Int == manifest.samples.filter { testRegions.contains($0.harpNumber) }.count)
        let perFold = try TrainEvaluateCommandTests.rows(run.appendingPathComponent("training/chronological_test.csv"))
        #expect(perFold.map { $0["fold"] ?? "" } == ["fold-1", "fold-2"])
    }

    @Test func badProtocolArgumentsFailWithOneLine() throws {
        let name = try runFlareKit(["train", "--manifest", "/m.json", "--output", "/tmp/p", "--protocol", "keras"])
        #expect(name.status != 0 && name.standardError.contains("--protocol must be paper, flarekit or demo"))
        let day = try runFlareKit(["train", "--manifest", "/m.json", "--output", "/tmp/p", "--test-from", "October"])
        #expect(day.status != 0 && day.standardError.contains("--test-from"))
        let task = try runFlareKit(["train", "--manifest", "/m.json", "--output", "/tmp/p", "--task", "x1"])
        #expect(task.status != 0 && task.standardError.contains("--task must be c1, m1 or both"))
    }
}
