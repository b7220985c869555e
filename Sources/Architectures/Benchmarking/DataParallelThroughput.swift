import Foundation
import NeuralCore

/// What a data-parallel benchmark measured: the global throughput of `fit` on every rank of a
/// communicator, and the time the gradient allreduce took per step.
public struct DataParallelThroughput: Codable, Sendable {
    /// The configuration (`cnn2_256`, ...).
    public var net: String
    /// The ranks that shared each global batch.
    public var ranks: Int
    /// Compute threads per rank.
    public var threadsPerRank: Int
    /// Samples per global batch.
    public var batch: Int
    /// Global samples per second over the timed steps.
    public var samplesPerSecond: Double
    /// Mean seconds of one gradient allreduce (0 on one rank).
    public var allreduceSecondsPerStep: Double
    /// The bytes each rank sends into one allreduce: 4 per trainable parameter.
    public var gradientBytes: Int

    enum CodingKeys: String, CodingKey {
        case net, ranks, batch
        case threadsPerRank = "threads_per_rank", samplesPerSecond = "samples_per_s"
        case allreduceSecondsPerStep = "allreduce_s_per_step", gradientBytes = "gradient_bytes"
    }
}

extension ThroughputBenchmark {
    /// Trains `network` with `fit` on every rank of `communicator`: one warm-up epoch of one
    /// global batch, then one timed epoch of `timedSteps` global batches of ``BenchmarkNetwork/batch``
    /// random samples (weighted cross-entropy or SOL-TSS as in ``run(_:training:loss:warmupSteps:timedSteps:seed:)``).
    /// Every rank must call it; each returns the same figures.
    public static func runDataParallel(
        _ network: BenchmarkNetwork, loss: any Loss, communicator: any Communicator, timedSteps: Int = 5, seed: UInt64 = 1
    ) throws -> DataParallelThroughput {
        var generator = SeededGenerator(seed: seed)
        let model = try FlareModel(network.configuration, generator: &generator)
        let batch = network.batch
        func samples(_ count: Int) throws -> TensorDataset {
            var labels = try Tensor(shape: [count])
            for i in 0..<count { labels[flat: i] = i % 3 == 0 ? 1 : 0 }
            return try TensorDataset(
                inputs: try generator.normalTensor(shape: [count] + network.configuration.sampleShape), labels: labels)
        }
        var configuration = FitConfiguration(epochs: 1, batchSize: batch, seed: seed)
        configuration.progress = .silent
        configuration.shuffle = false
        configuration.communicator = communicator
        let optimizer = try Adam()
        try fit(model: model, loss: loss, optimizer: optimizer, data: try samples(batch), configuration: configuration)
        let timed = try fit(model: model, loss: loss, optimizer: optimizer, data: try samples(batch * timedSteps), configuration: configuration)
        let record = timed.epochs[0]
        let trainable = model.namedParameters().filter { $0.parameter.isTrainable }.reduce(0) { $0 + $1.parameter.value.count }
        return DataParallelThroughput(
            net: network.rawValue, ranks: communicator.size, threadsPerRank: ComputeThreads.count, batch: batch,
            samplesPerSecond: record.samplesPerSecond,
            allreduceSecondsPerStep: (record.communicationSeconds ?? 0) / Double(timedSteps), gradientBytes: 4 * trainable)
    }
}
