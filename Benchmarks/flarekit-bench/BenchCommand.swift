import Architectures
import ArgumentParser
import Distributed
import Foundation
import Losses
import NeuralCore

@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flarekit-bench",
        abstract: "Training and inference throughput of CNN-1, CNN-2 and the LRCN.",
        discussion: """
            Without --net, runs every configuration in its own process and prints a table, with
            each row's fraction of the sgemm ceiling (large square products on the same threads,
            measured first) and FlareKit/Keras ratios from a Keras reference file
            (Benchmarks/keras_reference.py writes it). With --net and --mode, runs one configuration; --json prints one line
            with net, mode, batch, samples_per_s, gflops and peak_rss_mib. Build with -c release.

            Under mpirun (`mpirun --bind-to none -np 2 flarekit-bench --net cnn2_256 --mode train`),
            rank 0 first measures one process with every core of the node (before MPI starts; the
            other ranks wait in MPI_Init), then all ranks train with fit's data parallelism (one
            thread each by default: the node's cores divided by its ranks), and rank 0 prints
            both figures, their ratio and the allreduce time per step. Run it on one node.
            """,
        subcommands: [OcclusionBenchCommand.self, PreparedInputsBenchCommand.self])

    @Option(help: "cnn1_128, cnn2_128, cnn2_256 or lrcn.")
    var net: String?

    @Option(help: "train or infer.")
    var mode: String?

    @Option(help: "Threads for OpenBLAS and FlareKit's loops (default: all cores).")
    var threads: Int?

    @Flag(help: "Print one JSON line (with --net and --mode).")
    var json = false

    @Option(help: "Timed steps (the median is reported).")
    var steps = 5

    @Option(help: "Untimed warm-up steps.")
    var warmup = 2

    @Option(help: "Samples per step with --net (default: 64 for the CNNs, 8 videos for the LRCN); 1 times a single image or video.")
    var batch: Int?

    @Flag(help: "With --net and --mode: each top-level layer's forward and backward time (layers run one by one, without inference fusion), its share and GFLOP/s.")
    var profile = false

    @Option(help: "Keras reference results (JSON lines) for the ratio column.")
    var keras = "Benchmarks/keras_reference.jsonl"

    func validate() throws {
        if let net, BenchmarkNetwork(rawValue: net) == nil {
            throw ValidationError("--net must be one of \(BenchmarkNetwork.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let mode, !["train", "infer"].contains(mode) { throw ValidationError("--mode must be train or infer") }
        if (net == nil) != (mode == nil) { throw ValidationError("--net and --mode go together") }
        guard steps >= 1, warmup >= 0 else { throw ValidationError("--steps must be >= 1 and --warmup >= 0") }
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
        if batch != nil || profile, net == nil { throw ValidationError("--batch and --profile need --net and --mode") }
    }

    func run() throws {
        if let launch = DistributedEnvironment.launch, let net, mode == "train", let network = BenchmarkNetwork(rawValue: net) {
            // Rank 0 measures one process with every core before MPI starts (the other ranks
            // wait for it in MPI_Init), then every rank trains together.
            var reference: DataParallelThroughput?
            if launch.rank == 0 {
                if let threads { ComputeThreads.set(threads * max(1, launch.size ?? 1)) }
                reference = try ThroughputBenchmark.runDataParallel(
                    network, loss: try Self.loss(network), communicator: SingleProcessCommunicator.shared, timedSteps: steps)
            }
            DistributedEnvironment.run(threadsPerRank: threads) { communicator in
                try runDataParallel(network, reference: reference, communicator: communicator)
            }
            return
        }
        if let threads { ComputeThreads.set(threads) }
        if profile, let net, let mode, let network = BenchmarkNetwork(rawValue: net) {
            try ProfileTable.run(network, training: mode == "train", batch: batch, steps: steps, json: json)
            return
        }
        if let net, let mode, let network = BenchmarkNetwork(rawValue: net) {
            let loss: any Loss = network == .lrcn
                ? ScoreOrientedLoss(score: .trueSkillStatistic) : try WeightedBinaryCrossEntropy()
            let result = try ThroughputBenchmark.run(
                network, training: mode == "train", loss: loss, warmupSteps: warmup, timedSteps: steps, batch: batch)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(String(format: "%@ %@: %.2f samples/s, %.1f GFLOP/s, peak %.0f MiB",
                             result.net, result.mode, result.samplesPerSecond, result.gflops, result.peakResidentMiB))
            }
            return
        }
        try runTable()
    }

    /// The training loss of `network`: SOL-TSS for the LRCN, weighted cross-entropy otherwise.
    static func loss(_ network: BenchmarkNetwork) throws -> any Loss {
        network == .lrcn ? ScoreOrientedLoss(score: .trueSkillStatistic) : try WeightedBinaryCrossEntropy()
    }

    /// Under mpirun: every rank trains together; rank 0 prints the result beside `reference`.
    func runDataParallel(_ network: BenchmarkNetwork, reference: DataParallelThroughput?, communicator: any Communicator) throws {
        let result = try ThroughputBenchmark.runDataParallel(
            network, loss: try Self.loss(network), communicator: communicator, timedSteps: steps)
        guard communicator.isRoot, let reference else { return }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            for line in [reference, result] { print(String(decoding: try encoder.encode(line), as: UTF8.self)) }
        } else {
            print(String(format: "%@ train, 1 process x %d threads: %.2f samples/s", network.rawValue,
                         reference.threadsPerRank, reference.samplesPerSecond))
            print(String(format: "%@ train, %d ranks x %d threads: %.2f samples/s (%.2f of one process), allreduce %.1f ms per step of %.1f MB",
                         network.rawValue, result.ranks, result.threadsPerRank, result.samplesPerSecond,
                         result.samplesPerSecond / reference.samplesPerSecond, 1000 * result.allreduceSecondsPerStep,
                         Double(result.gradientBytes) / 1e6))
        }
    }

    /// Every configuration in a child process (clean peak memory), then the table.
    func runTable() throws {
        let references = loadKerasReferences()
        let ceiling = try SgemmCeiling.measure()
        print(String(format: "sgemm ceiling: %.1f GFLOP/s (1536^3 products, %d threads)", ceiling, ComputeThreads.count))
        print(row(["net", "mode", "batch", "samples/s", "GFLOP/s", "of sgemm", "peak MiB", "Keras samples/s", "FlareKit/Keras"]))
        for network in BenchmarkNetwork.allCases {
            for mode in ["train", "infer"] {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
                var arguments = ["--net", network.rawValue, "--mode", mode, "--json", "--steps", "\(steps)", "--warmup", "\(warmup)"]
                if let threads { arguments += ["--threads", "\(threads)"] }
                process.arguments = arguments
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                guard process.terminationStatus == 0,
                      let result = try? JSONDecoder().decode(ThroughputResult.self, from: data) else {
                    print("\(network.rawValue) \(mode): failed (status \(process.terminationStatus))")
                    continue
                }
                let reference = references["\(network.rawValue)/\(mode)"]
                let ratio = reference.map { String(format: "%.2fx", result.samplesPerSecond / $0) } ?? "-"
                let keras = reference.map { String(format: "%.2f", $0) } ?? "-"
                print(row([
                    result.net, result.mode, "\(result.batch)", String(format: "%.2f", result.samplesPerSecond),
                    String(format: "%.1f", result.gflops), String(format: "%.0f%%", 100 * result.gflops / ceiling),
                    String(format: "%.0f", result.peakResidentMiB), keras, ratio,
                ]))
            }
        }
    }

    /// One table row with fixed column widths.
    func row(_ cells: [String]) -> String {
        let widths = [10, 6, 6, 10, 8, 9, 9, 16, 14]
        return zip(cells, widths).map { cell, width in
            cell.count >= width ? cell + " " : cell + String(repeating: " ", count: width - cell.count)
        }.joined()
    }

    /// `net/mode` to Keras samples/s, from JSON lines with the same keys.
    func loadKerasReferences() -> [String: Double] {
        guard let text = try? String(contentsOfFile: keras, encoding: .utf8) else { return [:] }
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let net = object["net"] as? String, let mode = object["mode"] as? String,
                  let rate = object["samples_per_s"] as? Double else { continue }
            result["\(net)/\(mode)"] = rate
        }
        return result
    }
}
