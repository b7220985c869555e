import Foundation
import Losses
import NeuralCore

/// Trains one model per split with ``NeuralCore/fit(model:loss:optimizer:data:validation:configuration:callbacks:resumingFrom:)``
/// (best validation weights kept), scores each on its test samples (or its validation samples
/// when it has none), and gathers the per-split results.
///
/// ```swift
/// var runner = CrossValidationRunner(fit: FitConfiguration(epochs: 20, batchSize: 32, seed: 7))
/// runner.threshold = .fixed(0.5)
/// runner.weightsDirectory = runFolder.appending(path: "weights")
/// let result = try runner.run(task, splits: splits)
/// print(result.values(of: .trueSkillStatistic))
/// ```
///
/// Split `k` trains with seed `fit.seed + k`, so runs are reproducible and splits differ.
public struct CrossValidationRunner {
    /// How the decision threshold of each split is set.
    public enum ThresholdPolicy: Sendable, Equatable {
        /// The same threshold for every split (the papers use 0.5).
        case fixed(Double)
        /// The threshold maximising a score on the split's validation predictions, searched
        /// over their distinct values (see ``ThresholdSearch``); 0.5 when no threshold gives a
        /// defined score.
        case bestOnValidation(SkillScore)
    }

    /// The training configuration shared by every split (its seed is offset per split).
    public var fit: FitConfiguration
    /// The threshold policy (default: 0.5).
    public var threshold: ThresholdPolicy = .fixed(0.5)
    /// Batch size for the final predictions.
    public var predictionBatchSize: Int = 64
    /// When set, each split's weights are written there as `<name>.safetensors` (atomically),
    /// with the model's own description when it is a `SelfDescribingModel`.
    public var weightsDirectory: URL?
    /// When set, each split's training checkpoint is kept there as `<name>.checkpoint`
    /// (written atomically after every epoch; `fit` can resume from it).
    public var checkpointsDirectory: URL?
    /// Called before each split starts and after it ends, for progress output.
    public var onProgress: ((_ event: CrossValidationProgress) -> Void)?

    /// Creates a runner.
    public init(fit: FitConfiguration) {
        self.fit = fit
    }

    /// Trains and scores every split in order.
    public func run(_ task: CrossValidationTask, splits: [CrossValidationSplit]) throws -> CrossValidationResult {
        guard !splits.isEmpty else {
            throw EvaluationError.insufficientData("cross-validation needs at least one split")
        }
        var folds: [CrossValidationFold] = []
        for (k, split) in splits.enumerated() {
            onProgress?(.started(split: k, of: splits.count, name: split.name))
            do {
                folds.append(try runSplit(k, split, task))
            } catch let error as EvaluationError {
                throw error
            } catch {
                throw EvaluationError.splitFailed(split: split.name, reason: "\(error)")
            }
            onProgress?(.finished(split: k, of: splits.count, name: split.name, fold: folds[k]))
        }
        return CrossValidationResult(folds: folds)
    }

    private func runSplit(_ k: Int, _ split: CrossValidationSplit, _ task: CrossValidationTask) throws -> CrossValidationFold {
        for (set, indices) in [("training", split.training), ("validation", split.validation)] where indices.isEmpty {
            throw EvaluationError.insufficientData("split \(split.name) has no \(set) samples")
        }
        let model = try task.makeModel(k)
        var configuration = fit
        configuration.seed = fit.seed &+ UInt64(k)
        if let directory = checkpointsDirectory {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            configuration.checkpointURL = directory.appendingPathComponent("\(split.name).checkpoint")
        }
        let validation = try task.samples(split.validation)
        let training = try task.trainingSamples?(split.training, k) ?? task.samples(split.training)
        let history = try NeuralCore.fit(
            model: model, loss: try task.makeLoss(k), optimizer: try task.makeOptimizer(k),
            data: training, validation: validation, configuration: configuration,
            callbacks: (training as? any TrainingCallback).map { [$0] } ?? [])

        let (validationProbabilities, validationLabels) = try predictions(of: model, on: validation, task)
        let scoredIndices = split.scored
        let (probabilities, labels) = split.test.isEmpty
            ? (validationProbabilities, validationLabels)
            : try predictions(of: model, on: try task.samples(scoredIndices), task)

        let chosen: Double
        switch threshold {
        case let .fixed(value):
            chosen = value
        case let .bestOnValidation(score):
            chosen = try ThresholdSearch(score: score, candidates: .distinctPredictions)
                .best(probabilities: validationProbabilities, labels: validationLabels)?.threshold ?? 0.5
        }
        let confusion = try ConfusionMatrix(probabilities: probabilities, labels: labels, threshold: chosen)

        var weightsURL: URL?
        if let directory = weightsDirectory {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let url = directory.appendingPathComponent("\(split.name).safetensors")
            var metadata = ["split": split.name, "threshold": "\(chosen)"]
            if let described = model as? any SelfDescribingModel {
                metadata.merge(try described.metadata()) { _, own in own }   // the file alone rebuilds the model
            }
            try model.saveWeights(to: url, metadata: metadata)
            weightsURL = url
        }
        return CrossValidationFold(
            name: split.name, model: model, history: history, threshold: chosen,
            scoredSet: split.test.isEmpty ? "validation" : "test", sampleIndices: scoredIndices,
            probabilities: probabilities, labels: labels, validationProbabilities: validationProbabilities,
            confusion: confusion, weightsURL: weightsURL)
    }

    /// Inference-mode probabilities and labels of every sample of `source`, in order.
    private func predictions(
        of model: any Layer, on source: any BatchSource, _ task: CrossValidationTask
    ) throws -> (probabilities: [Double], labels: [Double]) {
        var probabilities: [Double] = [], labels: [Double] = []
        probabilities.reserveCapacity(source.count)
        labels.reserveCapacity(source.count)
        var start = 0
        while start < source.count {
            let batch = try source.batch(Array(start..<min(start + predictionBatchSize, source.count)))
            let output = try model.forward(batch.inputs, mode: .inference)
            guard output.count == batch.labels.count else {
                throw EvaluationError.lengthMismatch(
                    what: "model outputs per batch (one per sample expected)", expected: batch.labels.count,
                    actual: output.count)
            }
            for value in output.scalars {
                let v = Double(value)
                probabilities.append(task.outputsLogits ? 1 / (1 + Foundation.exp(-v)) : v)
            }
            labels.append(contentsOf: batch.labels.scalars.map(Double.init))
            start += predictionBatchSize
        }
        if let bad = probabilities.firstIndex(where: { !$0.isFinite }) {
            throw EvaluationError.invalidArgument(
                name: "model output", value: "\(probabilities[bad])", reason: "sample \(bad) is not finite")
        }
        return (probabilities, labels)
    }
}

/// Progress of a cross-validation run.
public enum CrossValidationProgress {
    /// Split `split` (0-based) of `of` is starting.
    case started(split: Int, of: Int, name: String)
    /// Split `split` has been trained and scored.
    case finished(split: Int, of: Int, name: String, fold: CrossValidationFold)
}
