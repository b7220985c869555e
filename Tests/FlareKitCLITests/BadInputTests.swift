import Foundation
import NeuralCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Bad command lines that used to lose data: an output that is an input (also through links), two
/// outputs that are one file, a run folder holding an input, outputs half written when one of them
/// cannot be, and run folders another process works in (Documentation/Reliability.md).
@Suite("flarekit bad input: outputs, run folders and locks")
struct BadInputTests {
    static func folder(_ name: String) throws -> URL {
        let folder = IndexCommandTests.temporaryFolder("bad-\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// `result` is a one-line refusal naming both options, and `files` kept their bytes.
    static func expectRefused(
        _ result: ProcessResult, naming options: [String], unchanged files: [URL: Data], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.status == 1, "stderr: \(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.hasPrefix("flarekit: error:"), "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.contains("refusing to overwrite"), "\(result.standardError)", sourceLocation: sourceLocation)
        for option in options {
            #expect(result.standardError.contains(option), "\(option): \(result.standardError)", sourceLocation: sourceLocation)
        }
        for (url, data) in files {
            #expect(try Data(contentsOf: url) == data, "\(url.lastPathComponent) changed", sourceLocation: sourceLocation)
        }
    }

    /// A tiny CNN-1 (8 x 8) and a float32 input batch for it.
    static func modelAndInput(in folder: URL) throws -> (weights: URL, input: URL) {
        let (_, weights) = try OcclusionCommandTests.tinyModel(in: folder)
        var generator = SeededGenerator(seed: 8)
        let input = folder.appendingPathComponent("a.npy")
        try NumpyArray.write(try generator.normalTensor(shape: [1, 1, 8, 8], scale: 3), to: input)
        return (weights, input)
    }

    @Test func predictRefusesAnOutputThatIsAnInputAlsoThroughLinks() throws {
        let folder = try Self.folder("predict")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (weights, input) = try Self.modelAndInput(in: folder)
        let bytes = try Data(contentsOf: input)
        let same = try runFlareKit(["predict", "--weights", weights.path, "--input", input.path, "--output", input.path])
        try Self.expectRefused(same, naming: ["--output", "--input", input.path], unchanged: [input: bytes])

        let symbolic = folder.appendingPathComponent("link.npy"), hard = folder.appendingPathComponent("hard.npy")
        try FileManager.default.createSymbolicLink(at: symbolic, withDestinationURL: input)
        try FileManager.default.linkItem(at: input, to: hard)
        let throughSymbolic = try runFlareKit(["predict", "--weights", weights.path, "--input", input.path, "--output", symbolic.path])
        try Self.expectRefused(throughSymbolic, naming: ["--output", "--input"], unchanged: [input: bytes])
        let throughHard = try runFlareKit(["predict", "--weights", weights.path, "--input", hard.path, "--output", input.path])
        try Self.expectRefused(throughHard, naming: ["--output", "--input"], unchanged: [input: bytes])

        let manifest = folder.appendingPathComponent("m.json")
        let manifestBytes = Data(#"{"samples": []}"#.utf8)
        try manifestBytes.write(to: manifest)
        let overManifest = try runFlareKit(["predict", "--weights", weights.path, "--manifest", manifest.path, "--output", manifest.path])
        try Self.expectRefused(overManifest, naming: ["--output", "--manifest"], unchanged: [manifest: manifestBytes])

        // A distinct output still works.
        let fine = try runFlareKit(["predict", "--weights", weights.path, "--input", input.path, "--output",
                                    folder.appendingPathComponent("p.npy").path])
        #expect(fine.status == 0, "stderr: \(fine.standardError)")
    }

    @Test func occlusionRefusesAnOutputThatIsItsInputAndWritesNothingWhenThePNGCannotBeWritten() throws {
        let folder = try Self.folder("occlusion")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (weights, input) = try Self.modelAndInput(in: folder)
        let bytes = try Data(contentsOf: input)
        let base = ["occlusion", "--arch", "cnn1", "--weights", weights.path, "--input", input.path, "--mask", "3", "--stride", "4"]
        try Self.expectRefused(try runFlareKit(base + ["--output", input.path]), naming: ["--output", "--input"], unchanged: [input: bytes])

        // The PNG's folder is missing: the map is not written either.
        let map = folder.appendingPathComponent("map.npy")
        let noFolder = try runFlareKit(base + ["--output", map.path, "--png", folder.appendingPathComponent("none/map.png").path])
        #expect(noFolder.status == 1 && noFolder.standardError.contains("--png"), "stderr: \(noFolder.standardError)")
        #expect(!FileManager.default.fileExists(atPath: map.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains(".tmp-") })
    }

    @Test func indexRefusesToWriteOverItsCatalogueOrOneOutputOverTheOther() throws {
        let folder = try Self.folder("index")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sharp = folder.appendingPathComponent("sharp")
        try FileManager.default.createDirectory(at: sharp, withIntermediateDirectories: true)
        let catalog = folder.appendingPathComponent("flares.csv"), harps = folder.appendingPathComponent("harps.txt")
        let catalogBytes = Data("start,peak,end,class,noaa_ar\n".utf8)
        try catalogBytes.write(to: catalog)
        try Data("HARPNUM NOAA_ARS\n377 11158\n".utf8).write(to: harps)
        let base = ["index", sharp.path, "--catalog", catalog.path, "--harps", harps.path, "--no-cache"]
        try Self.expectRefused(try runFlareKit(base + ["--output", catalog.path]), naming: ["--output", "--catalog"], unchanged: [catalog: catalogBytes])
        let manifest = folder.appendingPathComponent("m.json")
        let both = try runFlareKit(base + ["--output", manifest.path, "--csv", manifest.path])
        try Self.expectRefused(both, naming: ["--output", "--csv"], unchanged: [:])
        #expect(!FileManager.default.fileExists(atPath: manifest.path))
    }

    @Test func runFoldersAndOtherOutputsThatHoldAnInputAreRefused() throws {
        let folder = try Self.folder("folders")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (weights, input) = try Self.modelAndInput(in: folder)
        let run = folder.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let manifest = run.appendingPathComponent("manifest.json")
        let manifestBytes = Data(#"{"samples": []}"#.utf8)
        try manifestBytes.write(to: manifest)
        let unchanged = [manifest: manifestBytes]
        try Self.expectRefused(try runFlareKit(["train", "--manifest", manifest.path, "--output", run.path, "--arch", "cnn1"]),
                               naming: ["--output", "--manifest"], unchanged: unchanged)
        try Self.expectRefused(try runFlareKit(["tune", "--manifest", manifest.path, "--output", run.path, "--learning-rates", "0.01",
                                                "--batch-sizes", "8", "--arch", "cnn1"]),
                               naming: ["--output", "--manifest"], unchanged: unchanged)
        try Self.expectRefused(try runFlareKit(["evaluate", "--manifest", manifest.path, "--weights", weights.path, "--output", run.path]),
                               naming: ["--output", "--manifest"], unchanged: unchanged)
        let weightsBytes = try Data(contentsOf: weights)
        try Self.expectRefused(try runFlareKit(["probe", "--weights", weights.path, "--parameter", "field", "--values", "100,200",
                                                "--output", weights.path]),
                               naming: ["--output", "--weights"], unchanged: [weights: weightsBytes])
        let inputBytes = try Data(contentsOf: input)
        // svm refuses it in Baselines (SVMFileRun), with its own message.
        let svm = try runFlareKit(["svm", "--train-features", input.path, "--train-labels", input.path,
                                   "--features", input.path, "--output", input.path])
        #expect(svm.status == 1 && svm.standardError.contains("is the input file"))
        #expect(try Data(contentsOf: input) == inputBytes)
        let demo = folder.appendingPathComponent("demo")
        try Self.expectRefused(try runFlareKit(["demo", "--output", demo.path, "--archive", demo.path]),
                               naming: ["--output", "--archive"], unchanged: [:])
        #expect(!FileManager.default.fileExists(atPath: demo.path))
    }

    @Test func aFailedTrainLeavesNoEmptyRunFolder() throws {
        let folder = try Self.folder("train-missing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = folder.appendingPathComponent("run")
        let missing = try runFlareKit(["train", "--manifest", folder.appendingPathComponent("none.json").path, "--output", run.path])
        #expect(missing.status == 1 && missing.standardError.contains("none.json"), "stderr: \(missing.standardError)")
        #expect(!FileManager.default.fileExists(atPath: run.path))
        let broken = folder.appendingPathComponent("broken.json")
        try Data("{".utf8).write(to: broken)
        let unreadable = try runFlareKit(["train", "--manifest", broken.path, "--output", run.path])
        #expect(unreadable.status == 1 && unreadable.standardError.contains("broken.json"), "stderr: \(unreadable.standardError)")
        #expect(!FileManager.default.fileExists(atPath: run.path))
    }

    // MARK: - Run folders shared by processes

    /// The settings of a tiny Bhattacharjee run (two folds).
    static func trainSettings(_ manifest: URL, seed: Int = 3) -> [String] {
        ["--manifest", manifest.path, "--arch", "cnn1", "--input-size", "16", "--epochs", "1", "--batch-size", "16",
         "--repetitions", "2", "--inner-parts", "2", "--loss", "wbce", "--seed", "\(seed)"]
    }

    /// Writes a lock file as `LockFile` does, for process `pid` of this host.
    static func writeLock(at url: URL, pid: Int32) throws {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        let host = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let object: [String: Any] = ["pid": Int(pid), "host": host, "token": "0123abcd", "since": "2026-01-01T00:00:00Z"]
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: url)
    }

    /// The pid of a process that has finished.
    static func finishedPid() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func aRunFolderAnotherProcessHoldsIsNeitherRestartedNorSilentlyTakenOver() throws {
        let folder = try Self.folder("locks")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try IndexCommandTests.indexedArchive(regions: 24, in: folder).manifest
        let run = folder.appendingPathComponent("run")
        let first = try runFlareKit(["train", "--output", run.path] + Self.trainSettings(manifest))
        #expect(first.status == 0, "stderr: \(first.standardError)")
        let record = run.appendingPathComponent("training-run.json")
        let recordBytes = try Data(contentsOf: record)

        // A live process (this test) holds the assembly lock: a run with other settings is refused
        // before it rewrites anything.
        let lock = run.appendingPathComponent("assembly.lock")
        try Self.writeLock(at: lock, pid: getpid())
        let other = try runFlareKit(["train", "--output", run.path] + Self.trainSettings(manifest, seed: 4))
        #expect(other.status == 1, "stderr: \(other.standardError)")
        #expect(other.standardError.contains("assembly.lock") && other.standardError.contains("pid \(getpid())"), "\(other.standardError)")
        #expect(try Data(contentsOf: record) == recordBytes)

        // The same lock left by a finished process is reported, naming it, and taken over only with --resume.
        let gone = try Self.finishedPid()
        try Self.writeLock(at: lock, pid: gone)
        let stale = try runFlareKit(["train", "--output", run.path] + Self.trainSettings(manifest))
        #expect(stale.status == 1)
        #expect(stale.standardError.contains("stale lock") && stale.standardError.contains("pid \(gone)")
                    && stale.standardError.contains("--resume") && stale.standardError.contains("assembly.lock"), "\(stale.standardError)")
        let resumed = try runFlareKit(["train", "--output", run.path, "--resume"] + Self.trainSettings(manifest))
        #expect(resumed.status == 0, "stderr: \(resumed.standardError)")
        #expect(resumed.standardError.contains("taken over"))
        #expect(!FileManager.default.fileExists(atPath: lock.path))
    }

    @Test func aSplitThatStartsRemovesTheTemporariesAKilledWriteOfItLeft() throws {
        let folder = try Self.folder("leftovers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try IndexCommandTests.indexedArchive(regions: 24, in: folder).manifest
        let run = folder.appendingPathComponent("run")
        let first = try runFlareKit(["train", "--output", run.path, "--splits", "0"] + Self.trainSettings(manifest))
        #expect(first.status == 0, "stderr: \(first.standardError)")
        let checkpoints = run.appendingPathComponent("training/checkpoints"), records = run.appendingPathComponent("training/records")
        let owned = [
            checkpoints.appendingPathComponent(".fold-2.checkpoint.tmp-9f3a"), records.appendingPathComponent(".fold-2.json.tmp-77"),
            run.appendingPathComponent(".summary.json.tmp-5e"),
        ]
        let others = [
            checkpoints.appendingPathComponent(".fold-1.checkpoint.tmp-9f3a"), records.appendingPathComponent("notes.tmp-1"),
        ]
        for url in owned + others { try Data("half".utf8).write(to: url) }
        let second = try runFlareKit(["train", "--output", run.path, "--splits", "1"] + Self.trainSettings(manifest))
        #expect(second.status == 0, "stderr: \(second.standardError)")
        for url in owned { #expect(!FileManager.default.fileExists(atPath: url.path), "\(url.lastPathComponent) left") }
        for url in others { #expect(FileManager.default.fileExists(atPath: url.path), "\(url.lastPathComponent) removed") }
    }
}
