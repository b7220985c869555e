import Foundation
import NeuralCore

/// The benchmarked networks (Documentation/Benchmarks.md): the papers' networks at the
/// sizes and batches they are trained with.
public enum BenchmarkNetwork: String, CaseIterable, Sendable {
    case cnn1_128, cnn2_128, cnn2_256, lrcn

    /// The architecture at this configuration's size.
    public var configuration: ArchitectureConfiguration {
        switch self {
        case .cnn1_128: return .cnn1(CNN1Configuration())
        case .cnn2_128:
            var c = CNN2Configuration()
            c.inputSize = 128
            return .cnn2(c)
        case .cnn2_256: return .cnn2(CNN2Configuration())
        case .lrcn: return .lrcn(LRCNConfiguration())
        }
    }

    /// Samples per step: 64 for the CNNs, 8 videos of 40 frames for the LRCN.
    public var batch: Int { self == .lrcn ? 8 : 64 }
}

/// What one benchmark run measured.
public struct ThroughputResult: Codable, Sendable {
    /// The configuration (`cnn2_256`, ...).
    public var net: String
    /// `train` or `infer`.
    public var mode: String
    /// Samples per step.
    public var batch: Int
    /// Median samples per second over the timed steps.
    public var samplesPerSecond: Double
    /// Achieved GFLOP/s: 2 x multiply-adds of the matrix products per second (training counts
    /// three forward passes).
    public var gflops: Double
    /// Peak resident memory of the process, MiB.
    public var peakResidentMiB: Double

    enum CodingKeys: String, CodingKey {
        case net, mode, batch, samplesPerSecond = "samples_per_s", gflops, peakResidentMiB = "peak_rss_mib"
    }
}

/// Times training steps (forward, loss, backward, optimizer) or inference passes of a network
/// on random input, after warm-up steps, and reports the median.
public enum ThroughputBenchmark {
    /// Runs one configuration.
    /// - Parameters:
    ///   - loss: the training loss (weighted cross-entropy for the CNNs, SOL-TSS for the LRCN).
    ///   - warmupSteps: untimed steps first.
    ///   - timedSteps: steps whose median is reported.
    ///   - batch: samples per step; `nil` for the configuration's (``BenchmarkNetwork/batch``).
    public static func run(
        _ network: BenchmarkNetwork, training: Bool, loss: any Loss, warmupSteps: Int = 2, timedSteps: Int = 5,
        batch: Int? = nil, seed: UInt64 = 1
    ) throws -> ThroughputResult {
        let batch = batch ?? network.batch
        guard batch >= 1 else {
            throw NeuralCoreError.invalidArgument(name: "batch", value: "\(batch)", reason: "must be at least 1")
        }
        var generator = SeededGenerator(seed: seed)
        let model = try FlareModel(network.configuration, generator: &generator)
        let shape = [batch] + network.configuration.sampleShape
        let input = try generator.normalTensor(shape: shape)
        var labels = try Tensor(shape: [batch, 1])
        for i in 0..<batch { labels[flat: i] = i % 3 == 0 ? 1 : 0 }
        let optimizer = try Adam()
        let multiplyAdds = try model.multiplyAdds(inputShape: shape)
        var seconds: [Double] = []
        for step in 0..<(warmupSteps + timedSteps) {
            let start = DispatchTime.now().uptimeNanoseconds
            if training {
                model.zeroGradients()
                let output = try model.forward(input, mode: .training)
                let (_, gradient) = try loss.valueAndGradient(predictions: output, labels: labels)
                _ = try model.backward(gradient)
                model.accumulateRegularizationGradients()
                try optimizer.step(model)
            } else {
                _ = try model.forward(input, mode: .inference)
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if step >= warmupSteps { seconds.append(elapsed) }
        }
        let median = seconds.sorted()[seconds.count / 2]
        let flops = Double(2 * multiplyAdds) * (training ? 3 : 1)
        return ThroughputResult(
            net: network.rawValue, mode: training ? "train" : "infer", batch: batch,
            samplesPerSecond: Double(batch) / median, gflops: flops / median / 1e9,
            peakResidentMiB: peakResidentMiB())
    }

    /// The peak resident memory of this process in MiB (`getrusage`).
    public static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
