import Foundation
import MPISupport

#if canImport(Glibc)
    import Glibc
#endif
import Testing

/// `flarekit train` under `mpirun` on a tiny generated archive: folds shared out among 3 ranks
/// give the one-process run (one thread per process in both, so bit for bit), and data-parallel
/// training on 2 ranks gives its predictions to 1e-4; `summary.json` says how each ran.
@Suite(
    "flarekit train under mpirun (end to end)", .serialized,
    .enabled(if: MPIRun.mpirun != nil, "mpirun is not on PATH; install openmpi-bin (Scripts/setup-system.sh)"))
struct TrainMPICommandTests {
    /// The `probability` column of a predictions CSV.
    static func probabilities(_ url: URL) throws -> [Double] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",")
        let column = try #require(header.firstIndex(of: "probability"), "columns: \(header)")
        return lines.dropFirst().map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[column]) ?? .nan }
    }

    static func distributed(_ run: URL) throws -> NSDictionary? {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("summary.json"))) as? [String: Any]
        return object?["distributed"] as? NSDictionary
    }

    @Test func splitsAndDataParallelRunsGiveTheOneProcessRun() throws {
        let folder = IndexCommandTests.temporaryFolder("mpi")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try IndexCommandTests.indexedArchive(regions: 24, in: folder).manifest
        let settings = [
            "--manifest", manifest.path, "--arch", "cnn1", "--input-size", "16", "--epochs", "2", "--batch-size", "16",
            "--repetitions", "2", "--inner-parts", "2", "--loss", "wbce", "--seed", "3",
        ]
        let flarekit = try flareKitExecutable()
        let one = folder.appendingPathComponent("one")
        let whole = try runFlareKit(["train", "--output", one.path, "--threads", "1"] + settings)
        try #require(whole.status == 0, "stderr: \(whole.standardError)")
        #expect(try Self.distributed(one) == ["ranks": 1, "mode": "single"])

        // Splits over 3 ranks (two folds: one rank waits): the one-process run, bit for bit.
        let shared = folder.appendingPathComponent("splits")
        let splits = try MPIRun.run(ranks: 3, flarekit, arguments: ["train", "--output", shared.path] + settings)
        #expect(!splits.timedOut && splits.status == 0, "stderr: \(splits.standardError)")
        #expect(splits.standardError.contains("rank 2/3"))
        #expect(try Self.distributed(shared) == ["ranks": 3, "mode": "splits"])
        #expect(try Data(contentsOf: shared.appendingPathComponent("training/predictions.csv"))
            == Data(contentsOf: one.appendingPathComponent("training/predictions.csv")))
        for fold in ["fold-1", "fold-2"] {
            #expect(try Data(contentsOf: shared.appendingPathComponent("training/weights/\(fold).safetensors"))
                == Data(contentsOf: one.appendingPathComponent("training/weights/\(fold).safetensors")))
        }

        // Data parallelism on 2 ranks: the same predictions to 1e-4.
        let data = folder.appendingPathComponent("data")
        let parallel = try MPIRun.run(ranks: 2, flarekit, arguments: ["train", "--output", data.path, "--data-parallel"] + settings)
        #expect(!parallel.timedOut && parallel.status == 0, "stderr: \(parallel.standardError)")
        #expect(try Self.distributed(data) == ["ranks": 2, "mode": "data"])
        let expected = try Self.probabilities(one.appendingPathComponent("training/predictions.csv"))
        let found = try Self.probabilities(data.appendingPathComponent("training/predictions.csv"))
        #expect(found.count == expected.count && !found.isEmpty)
        let difference = zip(found, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= 1e-4, "largest difference \(difference)")
    }

    @Test func aKilledRankEndsTheJobAndResumeFinishesTheSameWeights() throws {
        let folder = IndexCommandTests.temporaryFolder("mpi-kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try IndexCommandTests.indexedArchive(regions: 24, in: folder).manifest
        let settings = [
            "--manifest", manifest.path, "--arch", "cnn1", "--input-size", "16", "--epochs", "12", "--batch-size", "16",
            "--repetitions", "1", "--inner-parts", "2", "--loss", "wbce", "--seed", "5", "--data-parallel",
        ]
        let flarekit = try flareKitExecutable()
        let uninterrupted = folder.appendingPathComponent("uninterrupted"), killed = folder.appendingPathComponent("killed")
        let reference = try MPIRun.run(ranks: 2, flarekit, arguments: ["train", "--output", uninterrupted.path] + settings)
        try #require(!reference.timedOut && reference.status == 0, "stderr: \(reference.standardError)")

        // Kill rank 1 once the first checkpoint is on disk.
        let log = folder.appendingPathComponent("killed.log")
        let job = try MPIRun.start(ranks: 2, flarekit, arguments: ["train", "--output", killed.path] + settings, log: log)
        let checkpoint = killed.appendingPathComponent("training/checkpoints/fold-1.checkpoint")
        let deadline = Date().addingTimeInterval(MPIRun.timeout)
        while !FileManager.default.fileExists(atPath: checkpoint.path), job.isRunning, Date() < deadline { usleep(20_000) }
        let ranks = MPIRun.descendants(of: job.processIdentifier).filter { MPIRun.commandLine(of: $0).contains("flarekit train") }
        try #require(job.isRunning && ranks.count == 2, "the job ended before its first checkpoint: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        kill(ranks[1], SIGKILL)
        let ended = Date().addingTimeInterval(MPIRun.timeout)
        while job.isRunning, Date() < ended { usleep(50_000) }
        if job.isRunning {
            for pid in MPIRun.descendants(of: job.processIdentifier) { kill(pid, SIGKILL) }
            kill(job.processIdentifier, SIGKILL)
        }
        job.waitUntilExit()
        #expect(job.terminationStatus != 0, "the job must end non-zero when a rank dies")
        // mpirun's SIGTERM cannot reach a rank started from a test thread (it inherits the
        // thread's blocked signals): finish what survived, as a node failure would.
        for rank in ranks { kill(rank, SIGKILL) }
        usleep(200_000)
        #expect(!FileManager.default.fileExists(atPath: killed.appendingPathComponent("summary.json").path))

        // Rerun with --resume on the same ranks: the uninterrupted run's weights, bit for bit.
        let resumed = try MPIRun.run(ranks: 2, flarekit, arguments: ["train", "--output", killed.path, "--resume"] + settings)
        #expect(!resumed.timedOut && resumed.status == 0,
                "stderr: \(resumed.standardError); killed run: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        #expect(resumed.standardError.contains("resuming"), "stderr: \(resumed.standardError)")
        #expect(try Data(contentsOf: killed.appendingPathComponent("training/weights/fold-1.safetensors"))
            == Data(contentsOf: uninterrupted.appendingPathComponent("training/weights/fold-1.safetensors")))
    }

    @Test func aFailingRankEndsTheJobNamingIt() throws {
        let folder = IndexCommandTests.temporaryFolder("mpi-fail")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Every rank fails the same way here (no manifest): the job ends, naming a rank.
        let run = try MPIRun.run(ranks: 2, try flareKitExecutable(), arguments: [
            "train", "--manifest", folder.appendingPathComponent("missing.json").path, "--output", folder.appendingPathComponent("run").path,
            "--arch", "cnn1",
        ])
        #expect(!run.timedOut)
        #expect(run.status != 0)
        #expect(run.standardError.contains("rank ") && run.standardError.contains("missing.json"), "stderr: \(run.standardError)")
    }
}
