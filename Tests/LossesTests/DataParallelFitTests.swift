import Foundation
import NeuralCore
import Testing
@testable import Losses

/// Data-parallel `fit` on ranks as threads (``ThreadGroup``): the same global batches trained by
/// 2 or 3 ranks give the weights and predictions of one process, for every loss kind (per-sample,
/// score-oriented on the whole batch's expected confusion matrix, the CNN-1 loss with batch TSS
/// and HSS), with BatchNorm on global statistics and dropout keyed by sample.
@Suite("Data-parallel fit")
struct DataParallelFitTests {
    /// The CNN of ``FitTests`` with a BatchNorm after the convolution too.
    static func model(seed: UInt64) throws -> Sequential {
        var g = SeededGenerator(seed: seed)
        return try Sequential([
            ("bn0", BatchNorm(features: 1)),
            ("conv1", Conv2D(.init(inChannels: 1, filters: 4, kernelSize: 3, padding: .same), generator: &g)),
            ("bn1", BatchNorm(features: 4)),
            ("act1", LeakyReLU()),
            ("pool1", MaxPool2D(poolSize: 2)),
            ("flatten", Flatten()),
            ("dense1", Dense(inFeatures: 64, units: 8, generator: &g)),
            ("act2", LeakyReLU()),
            ("drop", Dropout(rate: 0.3, generator: &g)),
            ("dense2", Dense(inFeatures: 8, units: 1, generator: &g)),
            ("out", Sigmoid()),
        ])
    }

    struct Outcome: Sendable {
        var weights: [[Float]]
        var predictions: [Float]
        var history: TrainingHistory
    }

    /// Trains on `ranks` threads; every rank starts from other weights (rank 0's are broadcast).
    static func train(
        ranks: Int, loss: @escaping @Sendable () throws -> any Loss, batchSize: Int, classWeights: [Float]? = nil
    ) throws -> [Outcome] {
        let data = try FitTests.bipoleTask(count: 37, seed: 11)
        let validation = try FitTests.bipoleTask(count: 13, seed: 12)
        return try ThreadGroup.run(ranks: ranks) { communicator in
            let model = try model(seed: 3 + UInt64(communicator.rank) * 100)
            var configuration = FitConfiguration.scoring(epochs: 2, batchSize: batchSize, seed: 5)
            configuration.progress = .silent
            configuration.classWeights = classWeights
            configuration.communicator = communicator
            let history = try fit(
                model: model, loss: try loss(), optimizer: try Adam(learningRate: 0.01), data: data,
                validation: validation, configuration: configuration)
            return Outcome(
                weights: model.namedParameters().map(\.parameter.value.scalars),
                predictions: try model.predict(validation).scalars, history: history)
        }
    }

    static func expectClose(_ a: Outcome, _ b: Outcome, tolerance: Float = 1e-4) {
        #expect(a.weights.count == b.weights.count)
        for (x, y) in zip(a.weights, b.weights) {
            #expect(zip(x, y).allSatisfy { abs($0 - $1) <= tolerance }, "weights differ: max \(zip(x, y).map { abs($0 - $1) }.max() ?? 0)")
        }
        #expect(zip(a.predictions, b.predictions).allSatisfy { abs($0 - $1) <= tolerance })
        #expect(a.history.bestEpoch == b.history.bestEpoch)
        for (x, y) in zip(a.history.epochs, b.history.epochs) { #expect(abs(x.loss - y.loss) <= 1e-4) }
    }

    @Test(arguments: ["weighted_bce", "sol_tss", "cnn1_custom"])
    func ranksGiveTheResultOfOneProcess(lossName: String) throws {
        let make: @Sendable () throws -> any Loss = {
            switch lossName {
            case "weighted_bce": return try WeightedBinaryCrossEntropy(positiveWeight: 2)
            case "sol_tss": return ScoreOrientedLoss(score: .trueSkillStatistic)
            default: return CNN1CustomLoss()
            }
        }
        let single = try Self.train(ranks: 1, loss: make, batchSize: 10)[0]
        for ranks in [2, 3] {
            let outcomes = try Self.train(ranks: ranks, loss: make, batchSize: 10)
            for outcome in outcomes { Self.expectClose(outcome, single) }
            // Every rank holds rank 0's weights bit for bit.
            #expect(outcomes.allSatisfy { $0.weights == outcomes[0].weights })
        }
    }

    @Test func batchesSmallerThanTheRankCountAndClassWeights() throws {
        // 37 samples in batches of 12: the last batch has one sample, so two of three ranks
        // compute a stand-in that must contribute nothing.
        let make: @Sendable () throws -> any Loss = { try WeightedBinaryCrossEntropy(positiveWeight: 1) }
        let single = try Self.train(ranks: 1, loss: make, batchSize: 12, classWeights: [1, 3])[0]
        for outcome in try Self.train(ranks: 3, loss: make, batchSize: 12, classWeights: [1, 3]) {
            Self.expectClose(outcome, single)
        }
    }

    @Test func aBiasRightBeforeBatchNormGetsItsExactZeroGradient() throws {
        let model = try Self.model(seed: 3)
        let data = try FitTests.bipoleTask(count: 6, seed: 11)
        let (x, y) = try data.batch(Array(0..<6))
        model.zeroGradients()
        let output = try model.forward(x, mode: .training)
        let gradient = try WeightedBinaryCrossEntropy().valueAndGradient(predictions: output, labels: y.reshaped(output.shape)).gradient
        _ = try model.backward(gradient)
        let parameters = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.name, $0.parameter) })
        #expect(parameters["conv1.bias"]!.gradient.scalars.allSatisfy { $0 == 0 })   // conv1 feeds bn1
        #expect(parameters["dense1.bias"]!.gradient.scalars.contains { $0 != 0 })   // an activation follows dense1
        #expect(parameters["conv1.kernel"]!.gradient.scalars.contains { $0 != 0 })
    }

    @Test func withoutTheGlobalStatisticsRanksWouldDiffer() throws {
        // The check above can fail: ranks that each normalised by their own batch share
        // (plain BatchNorm, no shard) train to other weights.
        let data = try FitTests.bipoleTask(count: 8, seed: 11)
        let (x, _) = try data.batch(Array(0..<8))
        let whole = try Self.model(seed: 3)
        let half = try Self.model(seed: 3)
        let wholeOutput = try whole.forward(x, mode: .training)
        let (firstHalf, _) = try data.batch(Array(0..<4))
        let halfOutput = try half.forward(firstHalf, mode: .training)
        #expect(zip(halfOutput.scalars, wholeOutput.scalars.prefix(4)).contains { abs($0 - $1) > 1e-3 })
        // With the shard of a two-rank group, rank 0's half matches the whole batch's rows.
        let rows = try ThreadGroup.run(ranks: 2) { communicator in
            let model = try Self.model(seed: 3)
            let range = WorkShare.contiguous(count: 8, rank: communicator.rank, size: 2)
            model.setBatchShard(BatchShard(
                communicator: communicator, globalSamples: 8, firstSample: range.lowerBound, localSamples: range.count))
            (model.namedLayers().first { $0.name == "drop" }?.layer as? Dropout)?.generator = SeededGenerator(seed: 77)
            return try model.forward(try data.batch(Array(range)).inputs, mode: .training).scalars
        }
        (whole.namedLayers().first { $0.name == "drop" }?.layer as? Dropout)?.generator = SeededGenerator(seed: 77)
        let reference = try whole.forward(x, mode: .training).scalars
        #expect(zip(rows[0] + rows[1], reference).allSatisfy { abs($0 - $1) <= 1e-5 })
    }
}
