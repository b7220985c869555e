import Foundation
import NeuralCore

/// A small, fast check that data-parallel training gives the result of one process: one of the
/// papers' networks at a tiny size, trained two epochs with `fit` on the ranks of a
/// communicator, and its probabilities on a fixed test set. Run it on 1, 2 and 3 ranks (under
/// `mpirun`, or as threads with ``NeuralCore/ThreadGroup``) and compare.
///
/// ```swift
/// let probabilities = try DataParallelCheck.testProbabilities(.cnn2, communicator: communicator)
/// ```
public enum DataParallelCheck {
    /// The networks it trains, at tiny sizes.
    public enum Network: String, CaseIterable, Sendable {
        case cnn1, cnn2, lrcn

        /// The architecture at the check's size.
        public var configuration: ArchitectureConfiguration {
            switch self {
            case .cnn1: .cnn1({ var c = CNN1Configuration(); c.inputSize = 16; c.filters = [4, 8]; c.denseUnits = 8; return c }())
            case .cnn2: .cnn2({ var c = CNN2Configuration(); c.inputSize = 32; c.stemFilters = [4, 8]; c.inceptionFilters = 4; return c }())
            case .lrcn:
                .lrcn({ var c = LRCNConfiguration(); c.frames = 2; c.frameSize = 72; c.filters = [4, 4, 4, 4]; c.denseUnits = 8; c.lstmUnits = 5; return c }())
            }
        }
    }

    /// Magnetogram-like samples: flaring ones (every third) hold a bipole, quiet ones a single
    /// weaker blob, at random places, in noise; videos repeat a drifting image.
    public static func samples(_ network: Network, count: Int, seed: UInt64) throws -> TensorDataset {
        var g = SeededGenerator(seed: seed)
        let (frames, size): (Int, Int) = switch network.configuration {
        case let .cnn1(c): (1, c.inputSize)
        case let .cnn2(c): (1, c.inputSize)
        case let .lrcn(c): (c.frames, c.frameSize)
        }
        var values: [Float] = []
        values.reserveCapacity(count * frames * size * size)
        var labels = try Tensor(shape: [count])
        for n in 0..<count {
            let flaring = n % 3 == 0
            labels[flat: n] = flaring ? 1 : 0
            let cx = Float(size) * g.nextUniform(in: 0.3, 0.6), cy = Float(size) * g.nextUniform(in: 0.3, 0.7)
            let width = Float(size) / 10, spread = 2 * width * width
            for frame in 0..<frames {
                let x0 = cx + Float(frame)
                for y in 0..<size {
                    let dy = (Float(y) - cy) * (Float(y) - cy)
                    for x in 0..<size {
                        let d1 = (Float(x) - x0) * (Float(x) - x0) + dy
                        let d2 = (Float(x) - x0 - 2 * width) * (Float(x) - x0 - 2 * width) + dy
                        let field = flaring ? 2 * exp(-d1 / spread) - 2 * exp(-d2 / spread) : 0.8 * exp(-d1 / (2 * spread))
                        values.append(field + 0.2 * g.nextNormal())
                    }
                }
            }
        }
        let shape = network == .lrcn ? [count, frames, 1, size, size] : [count, 1, size, size]
        return try TensorDataset(inputs: try Tensor(shape: shape, scalars: values), labels: labels)
    }

    /// Trains `network` two epochs (11 training samples in batches of 4, 5 validation samples,
    /// Adam; weighted cross-entropy for the CNNs, SOL-TSS for the LRCN) on every rank of
    /// `communicator` and returns its probabilities on 4 test samples. Each rank builds its
    /// model from another seed: rank 0's weights are the ones broadcast. Every rank must call it.
    public static func testProbabilities(
        _ network: Network, communicator: any Communicator, loss: any Loss
    ) throws -> [Float] {
        let training = try samples(network, count: 11, seed: 1)
        let validation = try samples(network, count: 5, seed: 2)
        let test = try samples(network, count: 4, seed: 3)
        var generator = SeededGenerator(seed: 7 + UInt64(communicator.rank))
        let model = try FlareModel(network.configuration, generator: &generator)
        var configuration = FitConfiguration(epochs: 2, batchSize: 4, seed: 9)
        configuration.progress = .silent
        configuration.communicator = communicator
        try fit(model: model, loss: loss, optimizer: try Adam(), data: training, validation: validation, configuration: configuration)
        return try model.predict(test).scalars
    }
}
