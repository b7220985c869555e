import Datasets
import Foundation
import FoundationXML
import NeuralCore
import Testing

/// `flarekit tune` on a tiny archive: one cross-validation per cell, the table and the best
/// cell recounted from the cells' own fold tables, the heat map, and resuming.
@Suite("flarekit tune")
struct TuneCommandTests {
    @Test func searchesEveryCellPicksTheBestAndResumes() throws {
        let folder = IndexCommandTests.temporaryFolder("tune")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifestURL = try IndexCommandTests.indexedArchive(regions: 24, in: folder).manifest

        let run = folder.appendingPathComponent("tune")
        let arguments = [
            "tune", "--manifest", manifestURL.path, "--output", run.path, "--learning-rates", "0.001,0.003",
            "--batch-sizes", "8,16", "--arch", "cnn1", "--input-size", "16", "--epochs", "1", "--parts", "2",
            "--repetitions", "2", "--inner-parts", "0", "--seed", "5",
        ]
        let first = try runFlareKit(arguments)
        #expect(first.status == 0, "stderr: \(first.standardError)")
        let rows = try TrainEvaluateCommandTests.rows(run.appendingPathComponent("tune.csv"))
        #expect(rows.map { $0["cell"] ?? "" } == ["lr-0.001_bs-8", "lr-0.001_bs-16", "lr-0.003_bs-8", "lr-0.003_bs-16"])
        var means: [String: Double] = [:]
        for row in rows {
            // Each cell's mean is the mean of its own folds' TSS.
            let cell = row["cell"] ?? ""
            let folds = try TrainEvaluateCommandTests.rows(run.appendingPathComponent("cells/\(cell)/folds.csv"))
            #expect(folds.count == 2)
            let tss = folds.compactMap { Double($0["tss"] ?? "") }
            if let mean = Double(row["tss_mean"] ?? "") {
                #expect(abs(mean - tss.reduce(0, +) / Double(tss.count)) < 1e-5, "\(cell)")
                means[cell] = mean
            }
        }
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("tune.json"))) as? [String: Any])
        let best = try #require(json["best"] as? [String: Any])
        let bestName = try #require(best["cell"] as? String)
        #expect(means[bestName] == means.values.max())
        #expect(first.standardOutput.contains("best: \(bestName)"))
        let svg = try String(contentsOf: run.appendingPathComponent("tune.svg"), encoding: .utf8)
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(svg.contains("learning rate") && svg.contains("minibatch size"))
        let report = try String(contentsOf: run.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("Best: \(bestName)"))

        // A rerun keeps every finished cell; a cell whose record is gone is trained again.
        try FileManager.default.removeItem(at: run.appendingPathComponent("cells/lr-0.003_bs-16/cell.json"))
        let table = try String(contentsOf: run.appendingPathComponent("tune.csv"), encoding: .utf8)
        let second = try runFlareKit(arguments)
        #expect(second.status == 0, "stderr: \(second.standardError)")
        #expect(second.standardError.components(separatedBy: "finished before: kept").count - 1 == 3)
        #expect(second.standardError.contains("tune: lr-0.003_bs-16 (4/4): "))
        #expect(try String(contentsOf: run.appendingPathComponent("tune.csv"), encoding: .utf8) == table)   // same seed, same result

        // Other settings into the same folder are refused, and nothing is trained.
        var other = arguments
        other[other.firstIndex(of: "--epochs")! + 1] = "2"
        let refused = try runFlareKit(other)
        #expect(refused.status == 64)
        #expect(refused.standardError.contains("holds another run (tune-run.json): bhattacharjee.epochs: 1 → 2"), "\(refused.standardError)")

        // --overwrite clears the old search first: a one-cell search leaves no other cell behind.
        var smaller = other
        smaller[smaller.firstIndex(of: "--learning-rates")! + 1] = "0.001"
        smaller[smaller.firstIndex(of: "--batch-sizes")! + 1] = "16"
        let overwritten = try runFlareKit(smaller + ["--overwrite"])
        #expect(overwritten.status == 0, "stderr: \(overwritten.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("cells").path) == ["lr-0.001_bs-16"])
    }

    @Test func aKilledSearchResumesToTheUninterruptedResult() throws {
        let folder = IndexCommandTests.temporaryFolder("tune-resume")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try IndexCommandTests.indexedArchive(regions: 24, in: folder).manifest
        let settings = [
            "--manifest", manifest.path, "--learning-rates", "0.001", "--batch-sizes", "16", "--arch", "cnn1", "--input-size", "16",
            "--epochs", "6", "--repetitions", "2", "--inner-parts", "2", "--loss", "wbce", "--seed", "5",
        ]
        let reference = folder.appendingPathComponent("reference"), killed = folder.appendingPathComponent("killed")
        let uninterrupted = try runFlareKit(["tune", "--output", reference.path] + settings)
        #expect(uninterrupted.status == 0, "stderr: \(uninterrupted.standardError)")

        // Kill the search as soon as fold-1's first checkpoint is on disk.
        let cell = "cells/lr-0.001_bs-16"
        let checkpoint = killed.appendingPathComponent("\(cell)/checkpoints/fold-1.checkpoint")
        let killedPid = try killFlareKit(["tune", "--output", killed.path] + settings, once: checkpoint)
        let epoch = try TrainingCheckpoint.read(from: checkpoint).epoch
        #expect(epoch < 6, "the kill came after fold-1 had finished")
        #expect(!FileManager.default.fileExists(atPath: killed.appendingPathComponent("tune.json").path))

        // Without --resume the killed search's lock is reported, not taken over.
        let fresh = try runFlareKit(["tune", "--output", killed.path] + settings)
        #expect(fresh.status == 1)
        #expect(fresh.standardError.contains("stale lock left by pid \(killedPid)") && fresh.standardError.contains("--resume"))

        // Other settings are refused with the difference named.
        var other = settings
        other[other.firstIndex(of: "--seed")! + 1] = "6"
        let refused = try runFlareKit(["tune", "--output", killed.path, "--resume"] + other)
        #expect(refused.status == 64 && refused.standardError.contains("bhattacharjee.seed: 5 → 6"), "\(refused.standardError)")

        let resumed = try runFlareKit(["tune", "--output", killed.path, "--resume"] + settings)
        #expect(resumed.status == 0, "stderr: \(resumed.standardError)")
        #expect(resumed.standardError.contains("fold-1: stale lock of pid \(killedPid)"))
        #expect(resumed.standardError.contains("fold-1 (1/2): resuming from its checkpoint after epoch"))
        for name in ["fold-1", "fold-2"] {
            let a = try Data(contentsOf: reference.appendingPathComponent("\(cell)/weights/\(name).safetensors"))
            let b = try Data(contentsOf: killed.appendingPathComponent("\(cell)/weights/\(name).safetensors"))
            #expect(a == b, "\(name)")
        }
        for name in ["tune.csv", "\(cell)/folds.csv", "\(cell)/cell.json", "\(cell)/predictions.csv"] {
            let a = try Data(contentsOf: reference.appendingPathComponent(name)), b = try Data(contentsOf: killed.appendingPathComponent(name))
            #expect(a == b, "\(name)")
        }
        #expect(try TrainSplitsCommandTests.jsonWithoutTimings(reference.appendingPathComponent("tune.json"))
            == TrainSplitsCommandTests.jsonWithoutTimings(killed.appendingPathComponent("tune.json")))
    }

    @Test func badGridsFailWithOneLine() throws {
        let base = ["tune", "--manifest", "/m.json", "--output", "/tmp/t"]
        let rates = try runFlareKit(base + ["--learning-rates", "fast", "--batch-sizes", "8"])
        #expect(rates.status != 0 && rates.standardError.contains("--learning-rates"))
        let sizes = try runFlareKit(base + ["--learning-rates", "1e-3", "--batch-sizes", "0"])
        #expect(sizes.status != 0 && sizes.standardError.contains("--batch-sizes"))
        let lrcn = try runFlareKit(base + ["--learning-rates", "1e-3", "--batch-sizes", "8", "--arch", "lrcn", "--sharp-dir", "/x"])
        #expect(lrcn.status != 0 && lrcn.standardError.contains("cnn1 or cnn2"))
        let repeated = try runFlareKit(base + ["--learning-rates", "1e-3,1e-3", "--batch-sizes", "8"])
        #expect(repeated.status != 0 && repeated.standardError.contains("repeat"))
    }
}
