import Foundation
import NeuralCore
import Testing
@testable import Losses

/// `fit` on a generated task: 8x8 images where flaring samples hold a compact bipole (a
/// positive and a negative blob side by side) and quiet ones hold a single weak blob.
@Suite("fit")
struct FitTests {
    static func bipoleTask(count: Int, seed: UInt64) throws -> TensorDataset {
        var g = SeededGenerator(seed: seed)
        var images = try Tensor(shape: [count, 1, 8, 8])
        var labels = try Tensor(shape: [count])
        for n in 0..<count {
            let flaring = g.nextUniform() < 0.35
            labels[flat: n] = flaring ? 1 : 0
            let cy = 2 + Int(g.next() % 4), cx = 1 + Int(g.next() % 4)
            for y in 0..<8 {
                for x in 0..<8 {
                    var value = 0.3 * g.nextNormal()
                    let d1 = Float((y - cy) * (y - cy) + (x - cx) * (x - cx))
                    let d2 = Float((y - cy) * (y - cy) + (x - cx - 2) * (x - cx - 2))
                    if flaring {
                        value += 2 * exp(-d1 / 1.5) - 2 * exp(-d2 / 1.5)
                    } else {
                        value += 0.8 * exp(-d1 / 3)
                    }
                    images[n, 0, y, x] = value
                }
            }
        }
        return try TensorDataset(inputs: images, labels: labels)
    }

    static func smallCNN(seed: UInt64) throws -> Sequential {
        var g = SeededGenerator(seed: seed)
        return try Sequential([
            ("bn0", BatchNorm(features: 1)),
            ("conv1", Conv2D(.init(inChannels: 1, filters: 4, kernelSize: 3, padding: .same), generator: &g)),
            ("act1", LeakyReLU()),
            ("pool1", MaxPool2D(poolSize: 2)),
            ("flatten", Flatten()),
            ("dense1", Dense(inFeatures: 64, units: 8, generator: &g)),
            ("act2", LeakyReLU()),
            ("drop", Dropout(rate: 0.2, generator: &g)),
            ("dense2", Dense(inFeatures: 8, units: 1, generator: &g)),
            ("out", Sigmoid()),
        ])
    }

    func configuration(epochs: Int, checkpoint: URL? = nil) -> FitConfiguration {
        var c = FitConfiguration.scoring(epochs: epochs, batchSize: 16, seed: 5)   // validation TSS
        #expect(c.metrics.map(\.name) == ["tss"])
        c.progress = .silent
        c.checkpointURL = checkpoint
        return c
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-fit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func learnsTheGeneratedTaskWellAboveChance() throws {
        let train = try Self.bipoleTask(count: 320, seed: 1)
        let validation = try Self.bipoleTask(count: 160, seed: 2)
        let model = try Self.smallCNN(seed: 3)
        let history = try fit(
            model: model, loss: try WeightedBinaryCrossEntropy(positiveWeight: 2), optimizer: try Adam(learningRate: 3e-3),
            data: train, validation: validation, configuration: configuration(epochs: 6))
        let best = try #require(history.bestScore)
        #expect(best > 0.7, "best validation TSS \(best)")
        // The model holds the best epoch's weights: recomputing the TSS gives the best score.
        let predictions = try model.predict(validation)
        let tss = try ConfusionMatrix(probabilities: predictions.reshaped([-1]), labels: validation.labels).trueSkillStatistic
        #expect(tss == best)
        #expect(history.epochs.count == 6)
        #expect(history.epochs[0].loss > history.epochs[5].loss)
    }

    @Test func resumingFromACheckpointIsBitIdentical() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let train = try Self.bipoleTask(count: 96, seed: 11)
        let validation = try Self.bipoleTask(count: 48, seed: 12)
        let loss = try WeightedBinaryCrossEntropy()

        let uninterrupted = try Self.smallCNN(seed: 4)
        let full = try fit(
            model: uninterrupted, loss: loss, optimizer: try Adam(learningRate: 2e-3), data: train,
            validation: validation, configuration: configuration(epochs: 4))

        let checkpoint = folder.appendingPathComponent("checkpoint.safetensors")
        _ = try fit(
            model: try Self.smallCNN(seed: 4), loss: loss, optimizer: try Adam(learningRate: 2e-3), data: train,
            validation: validation, configuration: configuration(epochs: 2, checkpoint: checkpoint))
        let resumedModel = try Self.smallCNN(seed: 4)
        let resumed = try fit(
            model: resumedModel, loss: loss, optimizer: try Adam(learningRate: 2e-3), data: train,
            validation: validation, configuration: configuration(epochs: 4, checkpoint: checkpoint),
            resumingFrom: checkpoint)

        let a = uninterrupted.namedParameters().map(\.parameter.value)
        let b = resumedModel.namedParameters().map(\.parameter.value)
        #expect(a == b)
        #expect(full == resumed.withoutTimings(matching: full))
        #expect(try TrainingCheckpoint.read(from: checkpoint).epoch == 4)
    }

    @Test func nonFiniteLossStopsWithEpochAndBatchAndKeepsTheCheckpoint() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("checkpoint.safetensors")
        // A loss that turns NaN at the second batch of the second epoch: epoch 1 makes six
        // batch calls and one validation call, so that is call 9.
        final class Poisoned: Loss {
            let inner: WeightedBinaryCrossEntropy
            var calls = 0
            init() throws { inner = try WeightedBinaryCrossEntropy() }
            var name: String { "poisoned" }
            func valueAndGradient(predictions: Tensor, labels: Tensor) throws -> (value: Double, gradient: Tensor) {
                calls += 1
                var result = try inner.valueAndGradient(predictions: predictions, labels: labels)
                if calls == 9 { result.value = .nan }
                return result
            }
        }
        let train = try Self.bipoleTask(count: 96, seed: 1)
        let loss = try Poisoned()
        let error = #expect(throws: NeuralCoreError.self) {
            try fit(model: Self.smallCNN(seed: 1), loss: loss, optimizer: SGD(), data: train,
                    validation: try Self.bipoleTask(count: 16, seed: 2),
                    configuration: configuration(epochs: 3, checkpoint: checkpoint))
        }
        guard case let .nonFiniteLoss(epoch, batch, value)? = error else {
            Issue.record("expected nonFiniteLoss, got \(String(describing: error))")
            return
        }
        #expect(epoch == 2 && batch == 2 && value.isNaN)
        let saved = try TrainingCheckpoint.read(from: checkpoint)
        #expect(saved.epoch == 1)
    }

    @Test func earlyStoppingAndClassWeights() throws {
        let train = try Self.bipoleTask(count: 64, seed: 1)
        var c = configuration(epochs: 20)
        c.earlyStoppingPatience = 2
        c.minimumImprovement = 10   // nothing counts as an improvement after the first epoch
        let history = try fit(
            model: Self.smallCNN(seed: 2), loss: try WeightedBinaryCrossEntropy(), optimizer: try SGD(),
            data: train, validation: train, configuration: c)
        #expect(history.stoppedEarly)
        #expect(history.epochs.count == 3)
        #expect(history.bestEpoch == 1)

        var weighted = configuration(epochs: 1)
        weighted.classWeights = [1, 3]
        #expect(throws: NeuralCoreError.self) {
            try fit(model: Self.smallCNN(seed: 2), loss: ScoreOrientedLoss(score: .trueSkillStatistic),
                    optimizer: try SGD(), data: train, configuration: weighted)
        }
        _ = try fit(model: Self.smallCNN(seed: 2), loss: try WeightedBinaryCrossEntropy(),
                    optimizer: try SGD(), data: train, configuration: weighted)
    }
}

extension TrainingHistory {
    /// This history with the wall-clock throughput copied from `other`, for comparisons.
    func withoutTimings(matching other: TrainingHistory) -> TrainingHistory {
        var copy = self
        for index in copy.epochs.indices where index < other.epochs.count {
            copy.epochs[index].samplesPerSecond = other.epochs[index].samplesPerSecond
            copy.epochs[index].seconds = other.epochs[index].seconds
        }
        return copy
    }
}
