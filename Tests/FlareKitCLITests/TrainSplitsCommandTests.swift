import Foundation
import NeuralCore
import Testing

/// `flarekit train --splits`, `flarekit collect` and `flarekit train --resume` on a tiny generated
/// archive: a run assembled from array tasks, or resumed after a kill, is the one-process run.
@Suite("flarekit train --splits, collect and --resume (end to end)")
struct TrainSplitsCommandTests {
    /// Every file under `folder`, relative, except per-process state (checkpoints, records,
    /// locks, the input cache, TensorBoard event files, named by process and one more per resume).
    static func files(_ folder: URL) throws -> [String] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
        return enumerator.compactMap { $0 as? String }.filter { path in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory)
            let parts = path.split(separator: "/")
            return !isDirectory.boolValue && !parts.contains("checkpoints") && !parts.contains("records") && !parts.contains("cache")
                && !path.hasSuffix(".lock") && !(parts.last ?? "").hasPrefix("events.out.tfevents.")
        }.sorted()
    }

    /// A JSON file with every `wall_seconds` removed.
    static func jsonWithoutTimings(_ url: URL) throws -> NSDictionary {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { $0.key != "wall_seconds" }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        return try #require(strip(object) as? [String: Any]) as NSDictionary
    }

    /// A report with the run folder's path and the wall times taken out.
    static func reportWithoutTimings(_ url: URL, run: URL) throws -> String {
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: run.standardizedFileURL.path, with: "RUN")
        return text.replacingOccurrences(of: #"Wall time \d+ s\."#, with: "Wall time N s.", options: .regularExpression)
    }

    /// A training log's `history.csv` without its timing columns (samples/s and seconds).
    static func historyWithoutTimings(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).dropLast(2).joined(separator: ",")
        }
    }

    /// The two run folders hold the same files with the same contents, timings aside.
    static func expectSameRun(_ one: URL, _ other: URL) throws {
        let names = try files(one)
        #expect(names == (try files(other)))
        #expect(names.contains("summary.json") && names.contains("report.md") && names.contains("training/predictions.csv"))
        #expect(names.contains { $0.hasSuffix("/history.csv") }, "no training log in \(names)")
        for name in names {
            let a = one.appendingPathComponent(name), b = other.appendingPathComponent(name)
            switch name {
            case "summary.json", "training/folds.json":
                #expect(try jsonWithoutTimings(a) == jsonWithoutTimings(b), "\(name)")
            case "report.md":
                #expect(try reportWithoutTimings(a, run: one) == reportWithoutTimings(b, run: other))
            case _ where name.hasSuffix("/history.csv"):
                #expect(try historyWithoutTimings(a) == historyWithoutTimings(b), "\(name)")
            default:
                #expect(try Data(contentsOf: a) == Data(contentsOf: b), "\(name)")
            }
        }
    }

    @Test func arrayTasksAndCollectGiveTheOneProcessRun() throws {
        let folder = IndexCommandTests.temporaryFolder("splits")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try IndexCommandTests.indexedArchive(regions: 24, in: folder).manifest
        let settings = [
            "--manifest", manifest.path, "--arch", "cnn1", "--input-size", "16", "--epochs", "1", "--batch-size", "16",
            "--repetitions", "3", "--inner-parts", "2", "--loss", "wbce", "--seed", "3", "--hale-joy-comparison",
        ]
        let one = folder.appendingPathComponent("one"), array = folder.appendingPathComponent("array")
        let whole = try runFlareKit(["train", "--output", one.path] + settings)
        #expect(whole.status == 0, "stderr: \(whole.standardError)")

        // Task 1 of 2: folds 0 and 2 (and their Hale/Joy retraining); nothing is assembled yet.
        let first = try runFlareKit(["train", "--output", array.path, "--splits", "0,2"] + settings)
        #expect(first.status == 0, "stderr: \(first.standardError)")
        #expect(first.standardOutput.contains("missing: training/fold-2, training/hale-joy/fold-2"))
        #expect(first.standardOutput.contains("flarekit collect \(array.standardizedFileURL.path)"))
        #expect(!FileManager.default.fileExists(atPath: array.appendingPathComponent("summary.json").path))
        #expect(!first.standardError.contains("fold-2 (2/3)"))

        // collect names what is missing and fails.
        let early = try runFlareKit(["collect", array.path])
        #expect(early.status == 1)
        #expect(early.standardError.contains("2 splits are not finished yet: training/fold-2, training/hale-joy/fold-2"))

        // Task 2 of 2: fold 1; it finds every split finished and assembles.
        let second = try runFlareKit(["train", "--splits=1", "--output", array.path] + settings)
        #expect(second.status == 0, "stderr: \(second.standardError)")
        #expect(second.standardOutput.contains("test TSS"))
        #expect(second.standardError.contains("every split is finished: assembling"))
        try Self.expectSameRun(one, array)
        let summary = try Self.jsonWithoutTimings(array.appendingPathComponent("summary.json"))
        #expect(summary["distributed"] as? NSDictionary == ["ranks": 1, "mode": "single"])
        for run in [one, array] {
            let weights = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("training/hale-joy/weights").path)
            #expect(weights.sorted() == ["fold-1.safetensors", "fold-2.safetensors", "fold-3.safetensors"])
        }
        let stored = try JSONSerialization.jsonObject(with: Data(contentsOf: array.appendingPathComponent("training-run.json"))) as? [String: Any]
        let arguments = try #require(stored?["arguments"] as? [String])
        #expect(!arguments.contains("--splits") && !arguments.contains("--output") && arguments.contains("--hale-joy-comparison"))

        // Two tasks started together into one folder: no file lost or mixed, one assembly.
        let together = folder.appendingPathComponent("together")
        let tasks = try [("0,2", "a"), ("1", "b")].map { splits, name in
            try startFlareKit(["train", "--output", together.path, "--splits", splits] + settings,
                              log: folder.appendingPathComponent("task-\(name).log"))
        }
        for task in tasks { task.waitUntilExit() }
        let logs = try ["a", "b"].map { try String(contentsOf: folder.appendingPathComponent("task-\($0).log"), encoding: .utf8) }
        #expect(tasks.allSatisfy { $0.terminationStatus == 0 }, "\(logs)")
        #expect(logs.filter { $0.contains("every split is finished: assembling") }.count >= 1)
        try Self.expectSameRun(one, together)
        let leftovers = try #require(FileManager.default.enumerator(atPath: together.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".lock") || $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)

        // collect on the complete folder assembles it again, the same.
        let again = try runFlareKit(["collect", array.path])
        #expect(again.status == 0, "stderr: \(again.standardError)")
        #expect(again.standardOutput.contains("report: "))
        try Self.expectSameRun(one, array)

        // A task with other settings into the same folder is refused before training, naming the setting.
        var other = settings
        other[other.firstIndex(of: "--epochs")! + 1] = "2"
        let refused = try runFlareKit(["train", "--output", array.path, "--splits", "1"] + other)
        #expect(refused.status == 64)
        #expect(refused.standardError.contains("\(array.standardizedFileURL.path) holds another run (training-run.json): bhattacharjee.epochs: 1 → 2"))

        // collect finds a record of other settings and names it.
        let record = array.appendingPathComponent("training/records/fold-3.json")
        let text = try String(contentsOf: record, encoding: .utf8)
        try text.replacingOccurrences(of: #""epochs":"1""#, with: #""epochs":"7""#).write(to: record, atomically: true, encoding: .utf8)
        let mixed = try runFlareKit(["collect", array.path])
        #expect(mixed.status == 1)
        #expect(mixed.standardError.contains("\(record.standardizedFileURL.path): written with other settings than this run's: epochs: 7 there, 1 here"))
    }

    @Test func badSplitsFailBeforeAnythingIsWritten() throws {
        let folder = IndexCommandTests.temporaryFolder("bad-splits")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try IndexCommandTests.indexedArchive(regions: 24, in: folder).manifest
        let output = folder.appendingPathComponent("run")
        let base = ["train", "--manifest", manifest.path, "--output", output.path, "--arch", "cnn1", "--input-size", "16", "--repetitions", "3"]
        let outside = try runFlareKit(base + ["--splits", "1,3"])
        #expect(outside.status == 64)
        #expect(outside.standardError.contains("splits = 3: outside 0..<3 (this run has 3 folds, counted from 0)"))
        let twice = try runFlareKit(base + ["--splits", "0,2,0"])
        #expect(twice.status != 0 && twice.standardError.contains("--splits names split 0 twice"))
        let word = try runFlareKit(base + ["--splits", "first"])
        #expect(word.status != 0 && word.standardError.contains("--splits must list split positions"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
        let nowhere = try runFlareKit(["collect", output.path])
        #expect(nowhere.status == 66 && nowhere.standardError.contains("no such run folder"))
    }

    @Test func aKilledRunResumesToTheUninterruptedWeights() throws {
        let folder = IndexCommandTests.temporaryFolder("resume")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try IndexCommandTests.indexedArchive(regions: 24, in: folder).manifest
        let settings = [
            "--manifest", manifest.path, "--arch", "cnn1", "--input-size", "16", "--epochs", "6", "--batch-size", "16",
            "--repetitions", "2", "--inner-parts", "2", "--loss", "wbce", "--seed", "5",
        ]
        let reference = folder.appendingPathComponent("reference"), killed = folder.appendingPathComponent("killed")
        let uninterrupted = try runFlareKit(["train", "--output", reference.path] + settings)
        #expect(uninterrupted.status == 0, "stderr: \(uninterrupted.standardError)")

        // Kill the run as soon as fold-1's first checkpoint is on disk.
        let checkpoint = killed.appendingPathComponent("training/checkpoints/fold-1.checkpoint")
        let killedPid = try killFlareKit(["train", "--output", killed.path] + settings, once: checkpoint)
        let epoch = try TrainingCheckpoint.read(from: checkpoint).epoch
        #expect(epoch < 6, "the kill came after fold-1 had finished")
        #expect(!FileManager.default.fileExists(atPath: killed.appendingPathComponent("summary.json").path))
        #expect(FileManager.default.fileExists(atPath: killed.appendingPathComponent("training/records/fold-1.lock").path))

        // Without --resume the killed run's locks are reported, not taken over.
        let fresh = try runFlareKit(["train", "--output", killed.path] + settings)
        #expect(fresh.status == 1)
        #expect(fresh.standardError.contains("stale lock left by pid \(killedPid)"))
        #expect(fresh.standardError.contains("--resume"))

        // Other settings are refused with the difference named.
        var other = settings
        other[other.firstIndex(of: "--seed")! + 1] = "6"
        let refused = try runFlareKit(["train", "--output", killed.path, "--resume"] + other)
        #expect(refused.status == 64 && refused.standardError.contains("bhattacharjee.seed: 5 → 6"))

        let resumed = try runFlareKit(["train", "--output", killed.path, "--resume"] + settings)
        #expect(resumed.status == 0, "stderr: \(resumed.standardError)")
        #expect(resumed.standardError.contains("stale assembly lock of pid \(killedPid)"))
        #expect(resumed.standardError.contains("fold-1: stale lock of pid \(killedPid)"))
        #expect(resumed.standardError.contains("fold-1 (1/2): resuming from its checkpoint after epoch"))
        for name in ["fold-1", "fold-2"] {
            let a = try Data(contentsOf: reference.appendingPathComponent("training/weights/\(name).safetensors"))
            let b = try Data(contentsOf: killed.appendingPathComponent("training/weights/\(name).safetensors"))
            #expect(a == b, "\(name)")
        }
        try TrainSplitsCommandTests.expectSameRun(reference, killed)

        // A second --resume keeps both folds and trains nothing.
        let kept = try runFlareKit(["train", "--output", killed.path, "--resume"] + settings)
        #expect(kept.status == 0, "stderr: \(kept.standardError)")
        #expect(kept.standardError.components(separatedBy: "finished before with the same settings: kept").count - 1 == 2)
        try TrainSplitsCommandTests.expectSameRun(reference, killed)
    }
}

/// Starts `flarekit` with `arguments` and returns the running process; its standard output
/// and error go to `log` (discarded without one).
func startFlareKit(_ arguments: [String], log: URL? = nil) throws -> Process {
    let process = Process()
    process.executableURL = try flareKitExecutable()
    process.arguments = arguments
    if let log {
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
    } else {
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
    }
    try process.run()
    return process
}

/// Starts `flarekit arguments` and SIGKILLs it as soon as `file` exists (or it ended, or 600 s
/// passed): the interruption the resume tests recover from. Returns the killed process's id.
@discardableResult
func killFlareKit(_ arguments: [String], once file: URL) throws -> Int32 {
    let process = try startFlareKit(arguments)
    let deadline = Date().addingTimeInterval(600)
    while !FileManager.default.fileExists(atPath: file.path), process.isRunning, Date() < deadline {
        usleep(2_000)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    return process.processIdentifier
}
