import Foundation
import MPISupport
import Testing

/// `flarekit predict`, `occlusion`, `probe` and `tune` under `mpirun`: the ranks share the
/// independent pieces and rank 0 writes files identical, byte for byte, to one process's (one
/// compute thread per process in both).
@Suite(
    "flarekit commands shared among MPI ranks (end to end)", .serialized,
    .enabled(if: MPIRun.mpirun != nil, "mpirun is not on PATH; install openmpi-bin (Scripts/setup-system.sh)"))
struct SharedCommandsMPITests {
    /// Runs `arguments(folder)` in one process (folder `one`) and on each of `ranks` MPI ranks
    /// (folder `ranks-N`), and expects every file of `outputs` to be the same bytes in each;
    /// returns each MPI run's standard error, in the order of `ranks`.
    @discardableResult
    static func expectSameOutputs(
        ranks: [Int], in folder: URL, outputs: [String], _ arguments: (URL) -> [String]
    ) throws -> [String] {
        let one = folder.appendingPathComponent("one")
        try FileManager.default.createDirectory(at: one, withIntermediateDirectories: true)
        let single = try runFlareKit(arguments(one) + ["--threads", "1"])
        try #require(single.status == 0, "stderr: \(single.standardError)")
        let flarekit = try flareKitExecutable()
        var errors: [String] = []
        for count in ranks {
            let shared = folder.appendingPathComponent("ranks-\(count)")
            try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
            let run = try MPIRun.run(ranks: count, flarekit, arguments: arguments(shared) + ["--threads", "1"])
            errors.append(run.standardError)
            #expect(!run.timedOut && run.status == 0, "\(count) ranks, stderr: \(run.standardError)")
            #expect(run.standardOutput.replacingOccurrences(of: shared.path, with: "OUTPUT")
                == single.standardOutput.replacingOccurrences(of: one.path, with: "OUTPUT"), "\(count) ranks printed \(run.standardOutput)")
            for output in outputs {
                let expected = try Data(contentsOf: one.appendingPathComponent(output))
                #expect(!expected.isEmpty)
                #expect(try Data(contentsOf: shared.appendingPathComponent(output)) == expected, "\(output) on \(count) ranks")
            }
        }
        return errors
    }

    @Test func predictOverManyFilesGivesTheOneProcessFiles() throws {
        let folder = IndexCommandTests.temporaryFolder("mpi-predict")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try PredictCommandTests.archive(in: folder)
        let files = Array(archive.magnetograms.prefix(10))
        let (first, _) = try PredictCommandTests.tinyModel("cnn1", seed: 1, in: folder)
        let (second, _) = try PredictCommandTests.tinyModel("cnn2", seed: 2, in: folder)
        // Four batches of 3, 3, 3 and 1 files, shared by 2 and 3 ranks.
        let errors = try Self.expectSameOutputs(ranks: [2, 3], in: folder, outputs: ["p.csv"]) { output in
            ["predict", "--weights", first.path, "--weights", second.path, "--fits"] + files
                + ["--output", output.appendingPathComponent("p.csv").path, "--batch-size", "3"]
        }
        // Rank 0 predicted batches 0 and 2 of 2 ranks, batches 0 and 3 of 3.
        #expect(errors[0].contains("predict: 6/6 samples") && !errors[0].contains("/10 samples"), "\(errors[0])")
        #expect(errors[1].contains("predict: 4/4 samples"), "\(errors[1])")
        // A manifest (labels and the median's TSS printed) to JSON, on 2 ranks.
        try Self.expectSameOutputs(ranks: [2], in: folder.appendingPathComponent("manifest"), outputs: ["p.json"]) { output in
            ["predict", "--weights", first.path, "--weights", second.path, "--manifest", archive.manifest.path,
             "--output", output.appendingPathComponent("p.json").path, "--batch-size", "4"]
        }
    }

    @Test func occlusionPlacementsGiveTheOneProcessMap() throws {
        let folder = IndexCommandTests.temporaryFolder("mpi-occlusion")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let magnetogram = try #require(try PredictCommandTests.archive(in: folder).magnetograms.first)
        let (weights, _) = try PredictCommandTests.tinyModel("cnn1", seed: 4, in: folder)
        // 13 x 13 = 169 placements in 11 batches of 16 (the last of 9): incremental, then full.
        for method in ["incremental", "full"] {
            let errors = try Self.expectSameOutputs(ranks: [2, 3], in: folder.appendingPathComponent(method), outputs: ["map.fits", "map.png"]) { output in
                ["occlusion", "--arch", "cnn1", "--weights", weights.path, "--input", magnetogram, "--mask", "4", "--probability",
                 "--method", method, "--output", output.appendingPathComponent("map.fits").path,
                 "--png", output.appendingPathComponent("map.png").path]
            }
            // Rank 0's blocks: 6 batches (96 placements) of 2 ranks, 4 (64) of 3.
            #expect(errors[0].contains("occlusion: 96/96 placements") && errors[1].contains("occlusion: 64/64 placements"), "\(errors)")
        }
    }

    @Test func probeSweepValuesGiveTheOneProcessFiles() throws {
        let folder = IndexCommandTests.temporaryFolder("mpi-probe")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try ProbeCommandTests.tinyModel(seed: 1, in: folder), second = try ProbeCommandTests.tinyModel(seed: 2, in: folder)
        // 3 radii x 2 arrangements (6 probe inputs), then the peak-ratio sweeps at 2 resolutions whose
        // magnetograms (160 x 80 and 267 x 80 pixels) hold the -+ bipole up to 14.6 Mm.
        let files = ["sweep.json", "sweep.csv", "sweep.svg", "report.md", "peak_ratio.json", "peak_ratio.csv", "peak_ratio.svg"]
        try Self.expectSameOutputs(ranks: [2, 3], in: folder, outputs: files) { output in
            ["probe", "--weights", first.path, "--weights", second.path, "--parameter", "radius", "--values", "4:12:4",
             "--arrangement", "-+", "--arrangement", "+-", "--field", "1500", "--resolutions", "0.3x0.15,0.5x0.15",
             "--output", output.path]
        }
    }

    @Test func tuneCellsGiveTheOneProcessTables() throws {
        let folder = IndexCommandTests.temporaryFolder("mpi-tune")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try IndexCommandTests.indexedArchive(regions: 24, in: folder).manifest
        // Four cells over 2 and 3 ranks; tune.json and report.md hold timings, the tables do not.
        let cells = ["lr-0.001_bs-8", "lr-0.001_bs-16", "lr-0.003_bs-8", "lr-0.003_bs-16"]
        let errors = try Self.expectSameOutputs(
            ranks: [2, 3], in: folder, outputs: ["tune.csv", "tune.svg"] + cells.map { "cells/\($0)/folds.csv" }
        ) { output in
            ["tune", "--manifest", manifest.path, "--output", output.path, "--learning-rates", "0.001,0.003",
             "--batch-sizes", "8,16", "--arch", "cnn1", "--input-size", "16", "--epochs", "1", "--parts", "2",
             "--repetitions", "1", "--inner-parts", "0", "--seed", "5"]
        }
        // Every cell is trained once, by its rank (the fourth by rank 1 of 2).
        #expect(errors[0].contains("tune: lr-0.003_bs-16 (4/4)"), "\(errors[0])")
    }
}
