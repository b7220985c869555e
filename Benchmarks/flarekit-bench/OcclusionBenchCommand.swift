import Architectures
import ArgumentParser
import Foundation
import Interpretability
import NeuralCore

/// `flarekit-bench occlusion`: the speed of a stride-1 occlusion map for CNN-2, full against
/// incremental evaluation, and their agreement.
struct OcclusionBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "occlusion",
        abstract: "Occlusion-map throughput of CNN-2: full against incremental evaluation.",
        discussion: """
            Builds CNN-2 with random weights (seeded) and a random 100 G input, then times the \
            masked inputs of the occlusion map (mask --mask, stride --stride) evaluated through \
            the whole network and incrementally. --full-placements and --incremental-placements \
            time the first K placements only (0: all) and extrapolate the total from their rate; \
            the output says which figures are extrapolated. Prints placements/s, the (extrapolated) \
            total time, the speed-up, and the largest probability difference between the two \
            methods on the placements both ran. Build with -c release.
            """)

    @Option(help: "Input size of CNN-2.")
    var size = 256

    @Option(help: "Side of the mask.")
    var mask = 100

    @Option(help: "Step between placements.")
    var stride = 1

    @Option(name: .customLong("batch-size"), help: "Masked inputs per batch.")
    var batchSize = 16

    @Option(name: .customLong("full-placements"), help: "Placements timed with the full evaluation (0: all).")
    var fullPlacements = 0

    @Option(name: .customLong("incremental-placements"), help: "Placements timed incrementally (0: all).")
    var incrementalPlacements = 0

    @Option(help: "Seed of the weights and the input.")
    var seed: UInt64 = 1

    // Named apart from the parent command's --threads and --json, which would take them.
    @Option(name: .customLong("compute-threads"), help: "Threads for FlareKit's loops (default: all cores).")
    var threads: Int?

    @Flag(name: .customLong("json-line"), help: "Print one JSON line.")
    var json = false

    func validate() throws {
        guard size >= 27, mask >= 1, mask <= size, stride >= 1, batchSize >= 1 else {
            throw ValidationError("need --size >= 27, 1 <= --mask <= --size, --stride >= 1, --batch-size >= 1")
        }
        guard fullPlacements >= 0, incrementalPlacements >= 0 else { throw ValidationError("placement counts must be >= 0") }
    }

    /// One method's timing.
    struct Timing: Codable {
        var method: String
        var placements: Int
        var seconds: Double
        var placementsPerSecond: Double
        var totalSeconds: Double
        var extrapolated: Bool
        /// User + system CPU seconds of the process during the run (both cores count).
        var cpuSeconds: Double

        enum CodingKeys: String, CodingKey {
            case method, placements, seconds, extrapolated
            case placementsPerSecond = "placements_per_s", totalSeconds = "total_s", cpuSeconds = "cpu_s"
        }
    }

    func run() throws {
        if let threads { ComputeThreads.set(threads) }
        var generator = SeededGenerator(seed: seed)
        var cnn2 = CNN2Configuration()
        cnn2.inputSize = size
        let model = try FlareModel(.cnn2(cnn2), generator: &generator)
        let input = try generator.normalTensor(shape: [1, 1, size, size], scale: 100)
        var configuration = OcclusionConfiguration(maskSize: mask, stride: stride, target: .probability, batchSize: batchSize)
        let total = try OcclusionAnalysis(model: model, configuration: configuration).placements(for: input).count

        var timings: [Timing] = []
        var probabilities: [[Float]] = []
        for (method, requested) in [(OcclusionMethod.full, fullPlacements), (.incremental, incrementalPlacements)] {
            configuration.method = method
            let count = requested == 0 ? total : min(requested, total)
            let analysis = OcclusionAnalysis(model: model, configuration: configuration)
            var next = 0
            let cpuStart = Self.cpuSeconds()
            let start = Date()
            let result = try analysis.maskedProbabilities(for: input, range: 0..<count) { done, all in
                guard done >= next || done == all else { return }
                FileHandle.standardError.write(Data("\(method.rawValue): \(done)/\(all) placements\n".utf8))
                next = done + max(1, all / 10)
            }
            let seconds = Date().timeIntervalSince(start)
            let cpu = Self.cpuSeconds() - cpuStart
            let rate = Double(count) / seconds
            timings.append(Timing(
                method: method.rawValue, placements: count, seconds: seconds, placementsPerSecond: rate,
                totalSeconds: Double(total) / rate, extrapolated: count < total, cpuSeconds: cpu))
            probabilities.append(result.masked)
        }
        let shared = min(probabilities[0].count, probabilities[1].count)
        let difference = zip(probabilities[0].prefix(shared), probabilities[1].prefix(shared)).map { abs($0 - $1) }.max() ?? 0
        let speedUp = timings[1].placementsPerSecond / timings[0].placementsPerSecond
        if json {
            struct Report: Codable {
                var size, mask, stride, batch, placements: Int
                var timings: [Timing]
                var speedUp: Double
                var maximumDifference: Float
                enum CodingKeys: String, CodingKey {
                    case size, mask, stride, batch, placements, timings
                    case speedUp = "speed_up", maximumDifference = "max_probability_difference"
                }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let report = Report(
                size: size, mask: mask, stride: stride, batch: batchSize, placements: total, timings: timings,
                speedUp: speedUp, maximumDifference: difference)
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        print("CNN-2 \(size)x\(size), mask \(mask), stride \(stride): \(total) placements, batch \(batchSize), \(ComputeThreads.count) threads")
        for timing in timings {
            print(String(
                format: "%@: %d placements in %.1f s (CPU %.1f s), %.1f placements/s, total %.0f s%@",
                timing.method, timing.placements, timing.seconds, timing.cpuSeconds, timing.placementsPerSecond,
                timing.totalSeconds,
                timing.extrapolated ? " (extrapolated from the first \(timing.placements))" : ""))
        }
        print(String(format: "speed-up %.2fx; largest probability difference %.2e over %d placements", speedUp, difference, shared))
    }

    /// User + system CPU time of this process.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
