import Datasets
import Evaluation
import Foundation
import NeuralCore
import Testing

/// `flarekit train` and `flarekit evaluate` end to end on a tiny generated archive; every figure
/// they print or write is recounted here from the files they wrote.
@Suite("flarekit train and evaluate (end to end)")
struct TrainEvaluateCommandTests {
    static func rows(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init))) }
    }

    static func tss(_ labels: [Int], _ probabilities: [Double], threshold: Double = 0.5) -> Double? {
        let pairs = zip(labels, probabilities)
        let tp = pairs.filter { $0.0 == 1 && $0.1 >= threshold }.count, fn = pairs.filter { $0.0 == 1 && $0.1 < threshold }.count
        let fp = pairs.filter { $0.0 == 0 && $0.1 >= threshold }.count, tn = pairs.filter { $0.0 == 0 && $0.1 < threshold }.count
        guard tp + fn > 0, fp + tn > 0 else { return nil }
        return Double(tp) / Double(tp + fn) - Double(fp) / Double(fp + tn)
    }

    @Test func trainThenEvaluateTheFoldWeights() throws {
        let folder = IndexCommandTests.temporaryFolder("train")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifestURL = try IndexCommandTests.indexedArchive(regions: 24, in: folder).manifest
        let manifest = try SampleManifest(contentsOf: manifestURL)

        // train: CNN-1 at 16 px, 2 folds, 1 epoch.
        let run = folder.appendingPathComponent("run")
        let training = try runFlareKit([
            "train", "--manifest", manifestURL.path, "--output", run.path, "--arch", "cnn1", "--input-size", "16",
            "--epochs", "1", "--batch-size", "16", "--repetitions", "2", "--inner-parts", "2", "--loss", "wbce", "--seed", "3",
        ])
        #expect(training.status == 0, "stderr: \(training.standardError)")
        #expect(training.standardError.contains("fold-2"))
        #expect(training.standardOutput.contains("report: "))
        try TrainInputCacheChecks.checkAnnouncedDataSet(standardError: training.standardError, run: run, manifest: manifest)
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("summary.json"))) as? [String: Any])
        let scores = try #require(summary["bhattacharjee"] as? [String: Any])
        #expect(scores["folds"] as? Int == 2)
        let predictions = try Self.rows(run.appendingPathComponent("training/predictions.csv"))
        let written = try #require(scores["tss_by_fold"] as? [Any])
        for k in 1...2 {
            let fold = predictions.filter { $0["split"] == "fold-\(k)" }
            // Labels are the manifest's region labels of the written sample indices.
            let labels = fold.map { manifest.samples[Int($0["sample_index"] ?? "") ?? 0].regionLabel }
            #expect(labels == fold.map { Int($0["label"] ?? "") ?? -1 })
            let expected = Self.tss(labels, fold.map { Double($0["probability"] ?? "") ?? .nan })
            if let expected { #expect(abs((written[k - 1] as? Double ?? .nan) - expected) < 1e-9) }
        }
        let weights = run.appendingPathComponent("training/weights")
        #expect(FileManager.default.fileExists(atPath: weights.appendingPathComponent("fold-2.safetensors").path))
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("training/checkpoints/fold-1.checkpoint").path))

        // Each weight file says how it was made; `flarekit summary` prints it.
        let metadata = try SafeTensors.readMetadata(from: weights.appendingPathComponent("fold-2.safetensors"))
        let manifestBytes = try Data(contentsOf: manifestURL)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in manifestBytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        #expect(metadata["manifest"] == manifestURL.standardizedFileURL.path)
        #expect(metadata["manifest_checksum"] == "fnv1a64:" + String(hash, radix: 16))
        #expect(metadata["split"] == "fold-2" && metadata["epochs_trained"] == "1" && metadata["best_epoch"] == "1")
        #expect(metadata["epochs"] == "1" && metadata["batch_size"] == "16" && metadata["seed"] == "3" && metadata["split_seed"] == "4")
        #expect(metadata["protocol"] == "bhattacharjee" && metadata["label"] == "region")
        #expect(metadata["loss"]?.lowercased().contains("cross") == true && metadata["optimizer"]?.contains("Adam") == true)
        #expect(metadata["flarekit_version"] == FlareKitVersion.current)
        let described = try runFlareKit(["summary", weights.appendingPathComponent("fold-2.safetensors").path])
        #expect(described.status == 0 && described.standardOutput.contains("manifest_checksum:"), "\(described.standardError)")

        // evaluate: both fold models on every sample, scores recounted from predictions.csv.
        let output = folder.appendingPathComponent("evaluation")
        let evaluation = try runFlareKit(["evaluate", "--manifest", manifestURL.path, "--weights", weights.path, "--output", output.path])
        #expect(evaluation.status == 0, "stderr: \(evaluation.standardError)")
        // evaluate prepares the manifest's inputs into its own data set first, saying where.
        let evaluationCache = output.appendingPathComponent("cache/inputs").standardizedFileURL.path
        #expect(evaluation.standardError.contains("evaluate: input cache \(evaluationCache)/"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: evaluationCache).filter { $0.hasSuffix(".h5") }.count == 1)
        let perSample = try Self.rows(output.appendingPathComponent("predictions.csv"))
        let table = try Self.rows(output.appendingPathComponent("scores.csv"))
        #expect(table.map { $0["model"] ?? "" } == ["fold-1.safetensors", "fold-2.safetensors", "median"])
        var labels: [Int] = []
        for (row, model) in zip(table, ["fold-1.safetensors", "fold-2.safetensors", "median"]) {
            let rows = perSample.filter { ($0["model"] ?? "").hasSuffix(model) }
            #expect(rows.count == manifest.samples.count)
            labels = rows.map { Int($0["label"] ?? "") ?? -1 }
            #expect(labels == manifest.samples.map(\.regionLabel))
            #expect(rows.map { Int($0["sample_index"] ?? "") ?? -1 } == Array(manifest.samples.indices))
            // The model's split is read from its weight file.
            #expect(rows.allSatisfy { $0["split"] == (model == "median" ? "" : String(model.prefix(6))) })
            let expected = Self.tss(labels, rows.map { Double($0["probability"] ?? "") ?? .nan })
            #expect(abs((Double(row["tss"] ?? "") ?? .nan) - (expected ?? .nan)) < 1e-5, "\(model)")
        }

        // train, evaluate and predict write one prediction CSV: identical headers.
        let predicted = folder.appendingPathComponent("predicted.csv")
        let prediction = try runFlareKit(["predict", "--manifest", manifestURL.path, "--weights", weights.path, "--output", predicted.path])
        #expect(prediction.status == 0, "stderr: \(prediction.standardError)")
        let headers = try [run.appendingPathComponent("training/predictions.csv"), output.appendingPathComponent("predictions.csv"), predicted]
            .map { try String(contentsOf: $0, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? "" }
        #expect(headers == Array(repeating: PredictionCSV.columns.joined(separator: ","), count: 3))
        #expect(try Data(contentsOf: predicted) == Data(contentsOf: output.appendingPathComponent("predictions.csv")))
        let report = try String(contentsOf: output.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("roc.svg") && FileManager.default.fileExists(atPath: output.appendingPathComponent("roc.svg").path))
        // The report names the manifest as given and every weight file, then the scores.
        #expect(report.hasPrefix("# FlareKit evaluation\n\nSamples: `\(manifestURL.path)`. Models: `"), "\(report)")
        #expect(report.contains("fold-1.safetensors`, `") && report.contains("fold-2.safetensors`.\n\n## Scores at the threshold"))
    }

    @Test func badArgumentsFailWithOneLine() throws {
        let lrcn = try runFlareKit(["train", "--manifest", "/nonexistent.json", "--output", "/tmp/x", "--arch", "lrcn"])
        #expect(lrcn.status != 0 && lrcn.standardError.contains("--sharp-dir"))
        let missing = try runFlareKit(["train", "--manifest", "/nonexistent/manifest.json", "--output", IndexCommandTests.temporaryFolder("m").path])
        #expect(missing.status == 66 && missing.standardError.contains("/nonexistent/manifest.json")
                    && missing.standardError.contains("no such file"), "\(missing.standardError)")
        let noWeights = try runFlareKit(["evaluate", "--manifest", "/m.json", "--weights", "/nonexistent/w", "--output", "/tmp/y"])
        #expect(noWeights.status == 66 && noWeights.standardError.contains("/nonexistent/w"))
        let loss = try runFlareKit(["train", "--manifest", "/m.json", "--output", "/tmp/z", "--loss", "mse"])
        #expect(loss.status != 0 && loss.standardError.contains("--loss"))
    }
}
