import Foundation
import Testing

/// One run folder, one run (issue #20): a folder holding a run with other settings is refused
/// unless `--overwrite` clears it first; the same run's other splits and `--resume` share it.
@Suite("flarekit run folders: reuse, --overwrite (end to end)")
struct RunFolderReuseCommandTests {
    @Test func aTwoFoldRunThenAOneFoldRunIsRefusedUnlessOverwritten() throws {
        let folder = IndexCommandTests.temporaryFolder("reuse")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try IndexCommandTests.indexedArchive(regions: 24, in: folder).manifest
        let run = folder.appendingPathComponent("run")
        let settings = [
            "--manifest", manifest.path, "--output", run.path, "--arch", "cnn1", "--input-size", "16", "--epochs", "1",
            "--batch-size", "16", "--inner-parts", "0", "--loss", "wbce", "--seed", "3",
        ]
        let weights = run.appendingPathComponent("training/weights")
        let two = try runFlareKit(["train"] + settings + ["--repetitions", "2"])
        #expect(two.status == 0, "stderr: \(two.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: weights.path).sorted() == ["fold-1.safetensors", "fold-2.safetensors"])

        // The same run again with --resume keeps both folds; --overwrite with --resume is a usage error.
        let resumed = try runFlareKit(["train"] + settings + ["--repetitions", "2", "--resume", "--figure-format", "png"])
        #expect(resumed.status == 0, "stderr: \(resumed.standardError)")
        #expect(resumed.standardError.components(separatedBy: "finished before with the same settings: kept").count - 1 == 2,
                "\(resumed.standardError)")
        let both = try runFlareKit(["train"] + settings + ["--repetitions", "2", "--resume", "--overwrite"])
        #expect(both.status == 64 && both.standardError.contains("--overwrite clears the run folder --resume continues"))
        let summary = try Data(contentsOf: run.appendingPathComponent("summary.json"))

        // A 1-fold run into the folder: refused, naming the folder, the setting (old → new) and the ways out.
        let one = try runFlareKit(["train"] + settings + ["--repetitions", "1"])
        #expect(one.status == 64)
        #expect(one.standardError.contains(
            "\(run.standardizedFileURL.path) holds another run (training-run.json): bhattacharjee.repetitions: 2 → 1"), "\(one.standardError)")
        #expect(one.standardError.contains("give another --output folder, or add --overwrite to clear this one first"))
        #expect(try Data(contentsOf: run.appendingPathComponent("summary.json")) == summary)   // nothing written

        // With --overwrite the folder is cleared first: the old run's fold-2 is gone.
        let overwritten = try runFlareKit(["train"] + settings + ["--repetitions", "1", "--overwrite"])
        #expect(overwritten.status == 0, "stderr: \(overwritten.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: weights.path) == ["fold-1.safetensors"])
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("training/records/fold-2.json").path))
        let record = try String(contentsOf: run.appendingPathComponent("training-run.json"), encoding: .utf8)
        #expect(record.contains(#""bhattacharjee.repetitions" : "1""#) && !record.contains("--overwrite"))

        // Array tasks of one run still share a folder.
        let tasks = folder.appendingPathComponent("tasks")
        var taskSettings = settings
        taskSettings[taskSettings.firstIndex(of: "--output")! + 1] = tasks.path
        for split in ["0", "1"] {
            let task = try runFlareKit(["train"] + taskSettings + ["--repetitions", "2", "--splits", split])
            #expect(task.status == 0, "stderr: \(task.standardError)")
        }
        #expect(FileManager.default.fileExists(atPath: tasks.appendingPathComponent("summary.json").path))
        let clearing = try runFlareKit(["train"] + taskSettings + ["--repetitions", "2", "--splits", "0", "--overwrite"])
        #expect(clearing.status == 64 && clearing.standardError.contains("the other --splits tasks share"))

        // evaluate keeps a record too: another threshold is refused, --overwrite clears; another
        // command's run folder is refused, naming both commands.
        let scores = folder.appendingPathComponent("scores")
        let evaluate = ["evaluate", "--manifest", manifest.path, "--weights", weights.path, "--output", scores.path]
        #expect(try runFlareKit(evaluate).status == 0)
        let again = try runFlareKit(evaluate + ["--batch-size", "7"])   // the batch size does not change a result
        #expect(again.status == 0, "stderr: \(again.standardError)")
        let other = try runFlareKit(evaluate + ["--threshold", "0.3"])
        #expect(other.status == 64 && other.standardError.contains("holds another run (evaluate-run.json): threshold: 0.5 → 0.3"))
        #expect(try runFlareKit(evaluate + ["--threshold", "0.3", "--overwrite"]).status == 0)
        let crossed = try runFlareKit(["evaluate", "--manifest", manifest.path, "--weights", weights.path + "/fold-1.safetensors",
                                       "--output", tasks.path])
        #expect(crossed.status == 64 && crossed.standardError.contains("(training-run.json): run: flarekit train → flarekit evaluate"),
                "\(crossed.standardError)")
    }

    @Test func aFolderWithoutASettingsRecordIsNeitherWrittenIntoNorCleared() throws {
        let folder = IndexCommandTests.temporaryFolder("foreign")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let note = output.appendingPathComponent("thesis.tex")
        try Data("keep me".utf8).write(to: note)
        // Not even with --overwrite (demo: the cheapest run, refused before its archive is made).
        let refused = try runFlareKit(["demo", "--output", output.path, "--overwrite", "--epochs", "1"])
        #expect(refused.status == 64)
        #expect(refused.standardError.contains("\(output.standardizedFileURL.path) is not empty (thesis.tex) and holds no FlareKit settings record"),
                "\(refused.standardError)")
        #expect(try String(contentsOf: note, encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == ["thesis.tex"])
    }
}
