import Foundation
import Losses
import NeuralCore
import Testing

@testable import Evaluation

/// A separable two-feature task: label 1 when x0 + x1 > 0, with a little label noise.
func separableTask(count: Int, seed: UInt64) throws -> TensorDataset {
    var generator = SeededGenerator(seed: seed)
    var inputs: [Float] = [], labels: [Float] = []
    for _ in 0..<count {
        let x0 = Float(generator.nextNormal()), x1 = Float(generator.nextNormal())
        inputs += [x0, x1]
        labels.append(x0 + x1 > 0 ? 1 : 0)
    }
    return try TensorDataset(
        inputs: Tensor(shape: [count, 2], scalars: inputs), labels: Tensor(shape: [count], scalars: labels))
}

func logisticTask(_ data: TensorDataset) -> CrossValidationTask {
    CrossValidationTask(
        makeModel: { split in
            var generator = SeededGenerator(seed: 40 + UInt64(split))
            return try Sequential([Dense(inFeatures: 2, units: 1, generator: &generator), Sigmoid()])
        },
        makeLoss: { _ in try WeightedBinaryCrossEntropy(positiveWeight: 1) },
        makeOptimizer: { _ in try Adam(learningRate: 0.3) },
        samples: { indices in try IndexedBatchSource(data, indices: indices) })
}

func threeFolds(_ count: Int) -> [CrossValidationSplit] {
    (0..<3).map { k in
        let validation = (0..<count).filter { $0 % 3 == k }
        let training = (0..<count).filter { $0 % 3 != k }
        return CrossValidationSplit(name: "fold-\(k + 1)", training: training, validation: validation)
    }
}

@Suite("Cross-validation runner")
struct CrossValidationRunnerTests {
    private func runner() -> CrossValidationRunner {
        var configuration = FitConfiguration(epochs: 15, batchSize: 16, seed: 3)
        configuration.progress = .silent
        return CrossValidationRunner(fit: configuration)
    }

    @Test func trainsOneModelPerSplitAndScoresItsValidationSamples() throws {
        let data = try separableTask(count: 90, seed: 1)
        let splits = threeFolds(90)
        let result = try runner().run(logisticTask(data), splits: splits)
        #expect(result.folds.count == 3)
        for (fold, split) in zip(result.folds, splits) {
            #expect(fold.scoredSet == "validation")
            #expect(fold.sampleIndices == split.validation)
            // Labels come back in split order.
            let expected = split.validation.map { Double(data.labels.scalars[$0]) }
            #expect(fold.labels == expected)
            // The confusion matrix is the one of the returned probabilities.
            var tp = 0, tn = 0, fp = 0, fn = 0
            for (p, y) in zip(fold.probabilities, fold.labels) {
                switch (p >= 0.5, y == 1) {
                case (true, true): tp += 1
                case (false, false): tn += 1
                case (true, false): fp += 1
                case (false, true): fn += 1
                }
            }
            #expect(fold.confusion == ConfusionMatrix(tp: tp, tn: tn, fp: fp, fn: fn))
            // A separable task is learned well above chance.
            #expect((fold.value(of: .trueSkillStatistic) ?? -1) > 0.6, "\(fold.name): \(fold.confusion) \(fold.history.epochs.map(\.loss)) \(fold.probabilities.prefix(5))")
        }
        #expect(result.values(of: .trueSkillStatistic).count == 3)
    }

    @Test func sameSeedSameModelsAndWeightsAreWritten() throws {
        let data = try separableTask(count: 60, seed: 2)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cv-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var first = runner()
        first.weightsDirectory = directory
        let a = try first.run(logisticTask(data), splits: threeFolds(60))
        let b = try runner().run(logisticTask(data), splits: threeFolds(60))
        #expect(a.folds.map(\.probabilities) == b.folds.map(\.probabilities))
        for fold in a.folds {
            let url = try #require(fold.weightsURL)
            let (stored, metadata) = try SafeTensors.read(from: url)
            #expect(metadata["split"] == fold.name)
            for (name, tensor) in fold.weights {
                #expect(stored[name]?.scalars == tensor.scalars)
            }
        }
    }

    @Test func scoresTheTestSetWhenThereIsOne() throws {
        let data = try separableTask(count: 60, seed: 4)
        let split = CrossValidationSplit(
            name: "triple", training: Array(0..<30), validation: Array(30..<45), test: Array(45..<60))
        let fold = try #require(try runner().run(logisticTask(data), splits: [split]).folds.first)
        #expect(fold.scoredSet == "test")
        #expect(fold.sampleIndices == Array(45..<60))
        #expect(fold.validationProbabilities.count == 15)
    }

    @Test func badSplitsAreTypedErrors() throws {
        let data = try separableTask(count: 12, seed: 5)
        #expect(throws: EvaluationError.self) { try runner().run(logisticTask(data), splits: []) }
        let empty = CrossValidationSplit(name: "empty", training: [], validation: [1])
        #expect(throws: EvaluationError.self) { try runner().run(logisticTask(data), splits: [empty]) }
        let outside = CrossValidationSplit(name: "outside", training: [0, 99], validation: [1])
        #expect(throws: EvaluationError.self) { try runner().run(logisticTask(data), splits: [outside]) }
    }
}

@Suite("Cross-validation summaries")
struct CrossValidationSummaryTests {
    @Test func summaryIsRecomputedFromThePerSplitScores() throws {
        let data = try separableTask(count: 120, seed: 9)
        var configuration = FitConfiguration(epochs: 6, batchSize: 16, seed: 11)
        configuration.progress = .silent
        var runner = CrossValidationRunner(fit: configuration)
        runner.threshold = .bestOnValidation(.trueSkillStatistic)
        let splits = (0..<5).map { k in
            CrossValidationSplit(
                name: "part-\(k)", training: (0..<120).filter { $0 % 5 != k },
                validation: (0..<120).filter { $0 % 5 == k })
        }
        let result = try runner.run(logisticTask(data), splits: splits)
        let values = result.values(of: .trueSkillStatistic).compactMap { $0 }
        #expect(values.count == 5)
        let summary = try result.summary(of: .trueSkillStatistic)
        let mean = values.reduce(0, +) / 5
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
        let sorted = values.sorted()
        #expect(abs(summary.mean - mean) < 1e-12)
        #expect(abs((summary.standardDeviation ?? .nan) - variance.squareRoot()) < 1e-12)
        #expect(summary.minimum == sorted[0] && summary.maximum == sorted[4])
        #expect(summary.median == sorted[2])
        // Linear interpolation at 25 % of 4 intervals falls exactly on the second value.
        #expect(abs(summary.firstQuartile - sorted[1]) < 1e-12)
        #expect(abs(summary.thirdQuartile - sorted[3]) < 1e-12)
        // The chosen thresholds are the best on each split's validation predictions.
        for fold in result.folds {
            let best = try #require(
                try ThresholdSearch(score: .trueSkillStatistic).best(
                    probabilities: fold.validationProbabilities, labels: fold.labels))
            #expect(fold.threshold == best.threshold)
        }
    }
}
