import Foundation
import NeuralCore

/// Where a benchmarked network spends its time: the forward and backward seconds of each
/// top-level layer, run one after the other on random input (``ThroughputBenchmark``'s
/// configurations), with the median over the timed steps.
///
/// The layers run one by one, so inference shows them without ``Sequential``'s fusion of a
/// convolution with the BatchNorm and pool after it; ``fusedInferenceSeconds`` is the fused
/// network's time for comparison.
public struct LayerProfile: Codable, Sendable {
    /// One top-level layer's share.
    public struct Row: Codable, Sendable {
        /// The layer's name in the network.
        public var name: String
        /// Its kind (`conv2d`, `concatenated_branches`, ...).
        public var kind: String
        /// Its output shape (batch first).
        public var outputShape: [Int]
        /// Median seconds of its forward pass.
        public var forwardSeconds: Double
        /// Median seconds of its backward pass (0 at inference).
        public var backwardSeconds: Double
        /// Multiply-adds of its forward pass (convolution, dense and LSTM products).
        public var multiplyAdds: Int
    }

    /// The configuration (`cnn2_256`, ...), `train` or `infer`, and samples per step.
    public var net: String, mode: String, batch: Int
    /// The layers in order.
    public var rows: [Row]
    /// Median seconds of the whole network's fused inference (0 in training).
    public var fusedInferenceSeconds: Double

    /// Profiles one configuration.
    /// - Parameters:
    ///   - training: forward in training mode and backward, or inference.
    ///   - loss: the training loss whose gradient starts the backward pass.
    ///   - batch: samples per step; `nil` for the configuration's.
    public static func measure(
        _ network: BenchmarkNetwork, training: Bool, loss: any Loss, warmupSteps: Int = 1, timedSteps: Int = 3,
        batch: Int? = nil, seed: UInt64 = 1
    ) throws -> LayerProfile {
        let batch = batch ?? network.batch
        guard batch >= 1, timedSteps >= 1 else {
            throw NeuralCoreError.invalidArgument(
                name: "batch and timed steps", value: "\(batch), \(timedSteps)", reason: "must be at least 1")
        }
        var generator = SeededGenerator(seed: seed)
        let model = try FlareModel(network.configuration, generator: &generator)
        let input = try generator.normalTensor(shape: [batch] + network.configuration.sampleShape)
        var labels = try Tensor(shape: [batch, 1])
        for i in 0..<batch { labels[flat: i] = i % 3 == 0 ? 1 : 0 }
        let layers = model.network.layers
        var forward = [[Double]](repeating: [], count: layers.count), backward = forward
        var shapes = [[Int]](repeating: [], count: layers.count)
        var fused: [Double] = []
        let mode: ForwardMode = training ? .training : .inference
        for step in 0..<(warmupSteps + timedSteps) {
            let timed = step >= warmupSteps
            model.zeroGradients()
            var x = input
            for (index, entry) in layers.enumerated() {
                let (output, seconds) = try timing { try entry.layer.forward(x, mode: mode) }
                if timed { forward[index].append(seconds) }
                shapes[index] = output.shape
                x = output
            }
            if training {
                var gradient = try loss.valueAndGradient(predictions: x, labels: labels).gradient
                for (index, entry) in layers.enumerated().reversed() {
                    let (inputGradient, seconds) = try timing { try entry.layer.backward(gradient) }
                    if timed { backward[index].append(seconds) }
                    gradient = inputGradient
                }
            } else {
                let (_, seconds) = try timing { try model.network.forward(input, mode: .inference) }
                if timed { fused.append(seconds) }
            }
        }
        var rows: [Row] = []
        var shape = input.shape
        for (index, entry) in layers.enumerated() {
            rows.append(Row(
                name: entry.name, kind: entry.layer.kind, outputShape: shapes[index], forwardSeconds: median(forward[index]),
                backwardSeconds: training ? median(backward[index]) : 0,
                multiplyAdds: try entry.layer.multiplyAdds(inputShape: shape)))
            shape = shapes[index]
        }
        return LayerProfile(
            net: network.rawValue, mode: training ? "train" : "infer", batch: batch, rows: rows,
            fusedInferenceSeconds: training ? 0 : median(fused))
    }

    /// The result of `body` and its wall-clock seconds.
    private static func timing<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    private static func median(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.sorted()[values.count / 2]
    }
}
