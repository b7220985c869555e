import Foundation
import Losses
import NeuralCore
import Testing
@testable import Architectures

/// The papers' three networks trained two epochs on 2 and 3 ranks (threads of one process,
/// ``ThreadGroup``) give the test probabilities of one process to 1e-4. The same check runs
/// under `mpirun` in the CLI tests.
@Suite("Data-parallel training of the papers' networks")
struct DataParallelArchitectureTests {
    static let architectures: [(String, ArchitectureConfiguration)] = [
        ("cnn1", .cnn1({ var c = CNN1Configuration(); c.inputSize = 16; c.filters = [4, 8]; c.denseUnits = 8; return c }())),
        ("cnn2", .cnn2({ var c = CNN2Configuration(); c.inputSize = 32; c.stemFilters = [4, 8]; c.inceptionFilters = 4; return c }())),
        ("lrcn", .lrcn({ var c = LRCNConfiguration(); c.frames = 2; c.frameSize = 72; c.filters = [4, 4, 4, 4]; c.denseUnits = 8; c.lstmUnits = 5; return c }())),
    ]

    /// Magnetogram-like inputs: flaring samples (every third) hold a bipole, quiet ones a
    /// single weaker blob, at random places, in noise; videos repeat a drifting image.
    static func data(_ architecture: ArchitectureConfiguration, count: Int, seed: UInt64) throws -> TensorDataset {
        var g = SeededGenerator(seed: seed)
        let (frames, size): (Int, Int)
        switch architecture {
        case let .cnn1(c): (frames, size) = (1, c.inputSize)
        case let .cnn2(c): (frames, size) = (1, c.inputSize)
        case let .lrcn(c): (frames, size) = (c.frames, c.frameSize)
        }
        var values: [Float] = []
        var labels = try Tensor(shape: [count])
        for n in 0..<count {
            let flaring = n % 3 == 0
            labels[flat: n] = flaring ? 1 : 0
            let cx = Float(size) * g.nextUniform(in: 0.3, 0.6), cy = Float(size) * g.nextUniform(in: 0.3, 0.7)
            let width = Float(size) / 10
            for frame in 0..<frames {
                let drift = Float(frame)
                for y in 0..<size {
                    for x in 0..<size {
                        let d1 = (Float(x) - cx - drift) * (Float(x) - cx - drift) + (Float(y) - cy) * (Float(y) - cy)
                        let d2 = (Float(x) - cx - drift - 2 * width) * (Float(x) - cx - drift - 2 * width) + (Float(y) - cy) * (Float(y) - cy)
                        var value = 0.2 * g.nextNormal()
                        value += flaring
                            ? 2 * exp(-d1 / (2 * width * width)) - 2 * exp(-d2 / (2 * width * width))
                            : 0.8 * exp(-d1 / (4 * width * width))
                        values.append(value)
                    }
                }
            }
        }
        let shape = frames == 1 && { if case .lrcn = architecture { return false } else { return true } }()
            ? [count, 1, size, size] : [count, frames, 1, size, size]
        return try TensorDataset(inputs: try Tensor(shape: shape, scalars: values), labels: labels)
    }

    static func testProbabilities(_ architecture: ArchitectureConfiguration, ranks: Int) throws -> [[Float]] {
        let training = try data(architecture, count: 11, seed: 1)
        let validation = try data(architecture, count: 5, seed: 2)
        let test = try data(architecture, count: 4, seed: 3)
        let usesSOL: Bool
        if case .lrcn = architecture { usesSOL = true } else { usesSOL = false }
        return try ThreadGroup.run(ranks: ranks) { communicator in
            var generator = SeededGenerator(seed: 7 + UInt64(communicator.rank))   // rank 0's weights win
            let model = try FlareModel(architecture, generator: &generator)
            var configuration = FitConfiguration.scoring(epochs: 2, batchSize: 4, seed: 9)
            configuration.progress = .silent
            configuration.communicator = communicator
            let loss: any Loss = usesSOL ? ScoreOrientedLoss(score: .trueSkillStatistic) : try WeightedBinaryCrossEntropy()
            try fit(model: model, loss: loss, optimizer: try Adam(), data: training, validation: validation, configuration: configuration)
            return try model.predict(test).scalars
        }
    }

    @Test(arguments: [0, 1, 2])
    func ranksGiveTheProbabilitiesOfOneProcess(_ index: Int) throws {
        let (name, architecture) = Self.architectures[index]
        let single = try Self.testProbabilities(architecture, ranks: 1)[0]
        for ranks in [2, 3] {
            for probabilities in try Self.testProbabilities(architecture, ranks: ranks) {
                let difference = zip(probabilities, single).map { abs($0 - $1) }.max() ?? .infinity
                #expect(difference <= 1e-4, "\(name) on \(ranks) ranks: largest difference \(difference)")
            }
        }
    }
}
