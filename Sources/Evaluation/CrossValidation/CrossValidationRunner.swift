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
///
/// Splits are independent pieces of work. With ``recordsDirectory`` set, each finished split
/// leaves its weights and then a record (``CrossValidationRecord``), and ``execution`` decides
/// which splits this process trains (a Slurm array task's `--splits`), whether finished ones
/// are kept and an interrupted one continues from its checkpoint (`--resume`), and how the
/// ranks of a communicator share the work. Splits trained elsewhere are rebuilt from their
/// records, so a result assembled from pieces equals the one of a single process:
///
/// ```swift
/// runner.recordsDirectory = runFolder.appending(path: "records")
/// runner.settings = NamedSettings(["epochs": "20", "seed": "7"])   // checked on every record
/// runner.execution.selection = [1]                                  // this task trains split 1 only
/// let outcome = try runner.train(task, splits: splits)
/// outcome.missing                 // splits no task has finished yet
/// outcome.result?.folds.count     // every split, once none is missing
/// ```
///
/// A split being trained holds a lock file (`<records>/<name>.lock`, see ``LockFile``), so two
/// processes never train the same split at once.
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
    /// Entries written into every split's weight file (how the run was made: protocol, loss,
    /// optimizer, manifest...), beside the split's own (`split`, `threshold`, `best_epoch`,
    /// `epochs_trained`, `split_seed`) and the model's description.
    public var weightsMetadata: [String: String] = [:]
    /// When set, each split's training checkpoint is kept there as `<name>.checkpoint`
    /// (written atomically after every epoch; `fit` can resume from it), with the settings it
    /// was started with in `<name>.settings.json`.
    public var checkpointsDirectory: URL?
    /// When set, each finished split's record is written there as `<name>.json` (atomically,
    /// after its weights), and splits this process does not train are read from there. Needed
    /// (with ``weightsDirectory``) for a selection, for resuming and for sharing splits among ranks.
    public var recordsDirectory: URL?
    /// When set, each split keeps its training log in `<name>/` there: `history.csv` (one row
    /// per epoch: loss, validation loss and metrics, learning rate, samples/s, seconds) and
    /// TensorBoard event files (`tensorboard --logdir` on this folder shows one run per split).
    /// Written by the process that writes the split's weights.
    public var logsDirectory: URL?
    /// The settings stored in every record and checkpoint side file; a record or checkpoint
    /// picked up later must carry the same ones (``EvaluationError/settingsMismatch(path:differences:)``).
    public var settings = NamedSettings()
    /// Which splits this process trains, resuming, and the ranks (default: every split, here,
    /// from the start).
    public var execution = SplitExecution()
    /// Called before each split starts and after it ends, for progress output.
    public var onProgress: ((_ event: CrossValidationProgress) -> Void)?

    /// Creates a runner.
    public init(fit: FitConfiguration) {
        self.fit = fit
    }

    /// Trains and scores every split in order (the selected ones, under ``execution``) and
    /// returns every split's result.
    /// - Throws: ``EvaluationError/insufficientData(_:)`` naming the splits still missing when
    ///   a selection leaves some untrained, or when called on a rank other than 0 of a
    ///   distributed run (use ``train(_:splits:)`` there); and the errors of ``train(_:splits:)``.
    public func run(_ task: CrossValidationTask, splits: [CrossValidationSplit]) throws -> CrossValidationResult {
        let outcome = try train(task, splits: splits)
        if let result = outcome.result { return result }
        guard outcome.isComplete else {
            throw EvaluationError.insufficientData(
                "cross-validation incomplete: no finished record of " + outcome.missing.joined(separator: ", "))
        }
        throw EvaluationError.insufficientData("rank \(execution.communicator.rank) does not assemble the result; rank 0 does")
    }

    /// Trains this process's share of the splits (see ``execution``) and, on rank 0, assembles
    /// the result once every split is finished: the splits trained here from memory, the
    /// others from their records and weights.
    ///
    /// Every rank must call it with the same splits. Rank 0 decides what is kept, resumed and
    /// trained and tells the others; after its share, each rank tells the others whether it
    /// failed, so a failure on one rank ends the call on every rank.
    /// - Throws: ``EvaluationError/invalidArgument(name:value:reason:)`` for a selected position
    ///   outside the splits or a selection without records; ``EvaluationError/settingsMismatch(path:differences:)``
    ///   when a record or checkpoint to be used was written with other settings;
    ///   ``EvaluationError/locked(path:owner:stale:)`` when another process trains a split this
    ///   one should; ``EvaluationError/splitFailed(split:reason:)`` for a split whose training failed.
    public func train(_ task: CrossValidationTask, splits: [CrossValidationSplit]) throws -> CrossValidationOutcome {
        guard !splits.isEmpty else {
            throw EvaluationError.insufficientData("cross-validation needs at least one split")
        }
        let names = splits.map(\.name)
        if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw EvaluationError.invalidArgument(name: "split name", value: repeated, reason: "names two splits")
        }
        try execution.validate(splitCount: splits.count)
        let needsRecords = execution.selection != nil || execution.resume || execution.mode == .splits
        if needsRecords, recordsDirectory == nil || weightsDirectory == nil {
            throw EvaluationError.invalidArgument(
                name: "records directory", value: "none",
                reason: "a selection of splits, resuming and sharing splits among ranks need a records and a weights directory")
        }
        let communicator = execution.communicator
        let plan = try communicator.decidedOnRoot { try self.plan(splits) }

        if execution.mode == .splits, communicator.rank >= splits.count {
            onProgress?(.idle(rank: communicator.rank, ranks: communicator.size, splits: splits.count))
        }
        var outcome = CrossValidationOutcome()
        var folds: [Int: CrossValidationFold] = [:]
        var failure: (any Error)?
        for (k, split) in splits.enumerated() {
            switch plan[k] {
            case .skip:
                continue
            case .keep:
                outcome.kept.append(split.name)
                if communicator.isRoot { onProgress?(.kept(split: k, of: splits.count, name: split.name)) }
            case .train, .resume:
                guard execution.trainsHere(k) else { continue }
                do {
                    if let fold = try trainSplit(k, split, task, plan: plan[k], count: splits.count) { folds[k] = fold }
                    outcome.trained.append(split.name)
                    if case .resume = plan[k] { outcome.resumed.append(split.name) }
                } catch {
                    // Data parallelism: the other ranks wait inside the same split's collectives,
                    // so the error must end the job now (the caller aborts it, naming this rank).
                    if execution.mode == .data { throw error }
                    failure = error
                }
            }
            if failure != nil { break }
        }
        if communicator.size > 1 {
            // Every rank learns whether another failed (this is also the barrier after training).
            let failed = try communicator.allgather([failure == nil ? 0 : 1])
            if failure == nil, let rank = failed.firstIndex(where: { $0.first == 1 }) {
                throw EvaluationError.rankFailed(rank: rank, reason: "training its share of the splits failed (see that rank's error)")
            }
        }
        if let failure { throw failure }

        for (k, split) in splits.enumerated() {
            if folds[k] != nil || isFinished(split) { outcome.present.append(split.name) } else { outcome.missing.append(split.name) }
        }
        guard communicator.isRoot, outcome.missing.isEmpty else { return outcome }
        outcome.result = CrossValidationResult(folds: try splits.enumerated().map { k, split in
            try folds[k] ?? loadFold(k, split, task)
        })
        return outcome
    }

    /// What rank 0 decided for one split.
    enum SplitPlan: Codable, Equatable {
        /// Not selected: taken from its record if another process finished it.
        case skip
        /// Selected and finished before with the same settings (resuming): kept.
        case keep
        /// Trained from the start.
        case train
        /// Continued from its checkpoint, which holds `epoch` finished epochs.
        case resume(epoch: Int)
    }

    /// What to do with every split, from the records and checkpoints on disk.
    private func plan(_ splits: [CrossValidationSplit]) throws -> [SplitPlan] {
        try splits.enumerated().map { k, split in
            let selected = execution.selects(k)
            if let url = recordURL(split), FileManager.default.fileExists(atPath: url.path) {
                let record = try CrossValidationRecord.read(from: url)
                let differences = settings.differences(from: record.settings)
                // A selected split trained from the start replaces its record; any other must match.
                if !differences.isEmpty, !selected || execution.resume {
                    throw EvaluationError.settingsMismatch(path: url.path, differences: differences)
                }
            }
            guard selected else { return .skip }
            guard execution.resume else { return .train }
            if isFinished(split) { return .keep }
            guard let checkpoint = checkpointURL(split), FileManager.default.fileExists(atPath: checkpoint.path) else { return .train }
            let side = checkpointSettingsURL(checkpoint)
            let stored: NamedSettings
            do {
                let data = try FileReadProblem.contents(of: side) { EvaluationError.file(path: side.path, reason: $0) }
                stored = try JSONDecoder().decode(NamedSettings.self, from: data)
            } catch {
                let problem = (error as? EvaluationError).map { _ in FileReadProblem(url: side, error: nil).description }
                    ?? "not a settings record: \(JSONDecodingProblem(error))"
                throw EvaluationError.file(
                    path: side.path,
                    reason: "\(problem), so the settings of \(checkpoint.lastPathComponent) are unknown: train without resuming")
            }
            let differences = settings.differences(from: stored)
            guard differences.isEmpty else { throw EvaluationError.settingsMismatch(path: side.path, differences: differences) }
            return .resume(epoch: try TrainingCheckpoint.read(from: checkpoint).epoch)
        }
    }

    /// Trains split `k` under its lock; returns its fold where this rank writes its files.
    private func trainSplit(
        _ k: Int, _ split: CrossValidationSplit, _ task: CrossValidationTask, plan: SplitPlan, count: Int
    ) throws -> CrossValidationFold? {
        let writes = execution.writesHere(k)
        var lock: LockFile?
        if writes, let directory = recordsDirectory {
            try Self.createDirectory(directory)
            lock = try LockFile.acquire(at: directory.appendingPathComponent("\(split.name).lock"), takingOverStale: execution.resume)
            if let stale = lock?.tookOverFrom {
                onProgress?(.tookOverLock(split: k, of: count, name: split.name, owner: "\(stale)"))
            }
            // Holding the split's lock, this process owns its files: half-written temporaries a
            // killed writer left beside them are removed.
            removeLeftovers(of: split)
        }
        defer { lock?.release() }
        if case let .resume(epoch) = plan {
            onProgress?(.resuming(split: k, of: count, name: split.name, epoch: epoch))
        } else {
            onProgress?(.started(split: k, of: count, name: split.name))
        }
        let fold: CrossValidationFold?
        do {
            fold = try runSplit(k, split, task, resuming: plan != .train, writes: writes)
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw EvaluationError.splitFailed(split: split.name, reason: "\(error)")
        }
        if let fold { onProgress?(.finished(split: k, of: count, name: split.name, fold: fold)) }
        return fold
    }

    /// Removes the temporaries of split `split`'s record, weights and checkpoint that a killed
    /// write left (see `removeAtomicWriteLeftovers(of:)`); call only under the split's lock.
    private func removeLeftovers(of split: CrossValidationSplit) {
        var files = [recordURL(split), weightsURL(split)]
        if let checkpoint = checkpointURL(split) { files += [checkpoint, checkpointSettingsURL(checkpoint)] }
        for file in files.compactMap({ $0 }) { removeAtomicWriteLeftovers(of: file) }
    }

    /// Split `k` rebuilt from its record and weights.
    private func loadFold(_ k: Int, _ split: CrossValidationSplit, _ task: CrossValidationTask) throws -> CrossValidationFold {
        guard let url = recordURL(split), let weights = weightsDirectory else {
            throw EvaluationError.insufficientData("split \(split.name) was not trained here and there is no records directory")
        }
        let record = try CrossValidationRecord.read(from: url)
        let differences = settings.differences(from: record.settings)
        guard differences.isEmpty else { throw EvaluationError.settingsMismatch(path: url.path, differences: differences) }
        guard record.split == split.name, record.index == k, record.sampleIndices == split.scored else {
            throw EvaluationError.file(
                path: url.path, reason: "records split \(record.split) (position \(record.index)), not this run's \(split.name) "
                    + "(position \(k)) with its scored samples")
        }
        let weightsURL = weights.appendingPathComponent(record.weights)
        let model = try task.makeModel(k)
        try model.loadWeights(from: weightsURL)
        return record.fold(model: model, weightsURL: weightsURL)
    }

    /// Whether `split` has a record and weights on disk.
    private func isFinished(_ split: CrossValidationSplit) -> Bool {
        guard let record = recordURL(split), let weights = weightsURL(split) else { return false }
        return FileManager.default.fileExists(atPath: record.path) && FileManager.default.fileExists(atPath: weights.path)
    }

    private func recordURL(_ split: CrossValidationSplit) -> URL? {
        recordsDirectory?.appendingPathComponent("\(split.name).json")
    }

    private func weightsURL(_ split: CrossValidationSplit) -> URL? {
        weightsDirectory?.appendingPathComponent("\(split.name).safetensors")
    }

    private func checkpointURL(_ split: CrossValidationSplit) -> URL? {
        checkpointsDirectory?.appendingPathComponent("\(split.name).checkpoint")
    }

    private func checkpointSettingsURL(_ checkpoint: URL) -> URL {
        checkpoint.deletingPathExtension().appendingPathExtension("settings.json")
    }

    private static func createDirectory(_ directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw EvaluationError.file(path: directory.path, reason: "cannot create the folder: \(FileReadProblem.systemMessage(error))")
        }
    }

    /// Trains split `k` (from its checkpoint when `resuming`) and, where this rank writes its
    /// files, scores it and writes its weights and record; `nil` on the other ranks.
    private func runSplit(
        _ k: Int, _ split: CrossValidationSplit, _ task: CrossValidationTask, resuming: Bool, writes: Bool
    ) throws -> CrossValidationFold? {
        for (set, indices) in [("training", split.training), ("validation", split.validation)] where indices.isEmpty {
            throw EvaluationError.insufficientData("split \(split.name) has no \(set) samples")
        }
        let model = try task.makeModel(k)
        var configuration = fit
        configuration.seed = fit.seed &+ UInt64(k)
        if execution.mode == .data { configuration.communicator = execution.communicator }
        let checkpoint = checkpointURL(split)
        if writes, let recordURL = recordURL(split), !resuming, FileManager.default.fileExists(atPath: recordURL.path) {
            try? FileManager.default.removeItem(at: recordURL)   // trained again from the start: the old record goes
        }
        if writes, let checkpoint {
            try Self.createDirectory(checkpoint.deletingLastPathComponent())
            configuration.checkpointURL = checkpoint
            if !resuming {
                let side = checkpointSettingsURL(checkpoint)
                do {
                    try writeAtomically(try JSONEncoder.sortedKeys.encode(settings), to: side)
                } catch {
                    throw EvaluationError.file(path: side.path, reason: "cannot write the checkpoint's settings: \(FileWriteProblem.describe(error))")
                }
            }
        }
        let validation = try task.samples(split.validation)
        let training = try task.trainingSamples?(split.training, k) ?? task.samples(split.training)
        var callbacks: [any TrainingCallback] = (training as? any TrainingCallback).map { [$0] } ?? []
        if writes, let logs = logsDirectory {
            callbacks.append(TrainingLogWriter(folder: logs.appendingPathComponent(split.name)))
        }
        let history = try NeuralCore.fit(
            model: model, loss: try task.makeLoss(k), optimizer: try task.makeOptimizer(k),
            data: training, validation: validation, configuration: configuration,
            callbacks: callbacks, resumingFrom: resuming ? checkpoint : nil)
        guard writes else { return nil }

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
        if let url = self.weightsURL(split) {
            try Self.createDirectory(url.deletingLastPathComponent())
            var metadata = weightsMetadata.merging([
                "split": split.name, "threshold": "\(chosen)", "epochs_trained": "\(history.epochs.count)",
                "best_epoch": "\(history.bestEpoch ?? history.epochs.count)", "split_seed": "\(configuration.seed)",
            ]) { _, own in own }
            if let described = model as? any SelfDescribingModel {
                metadata.merge(try described.metadata()) { _, own in own }   // the file alone rebuilds the model
            }
            try model.saveWeights(to: url, metadata: metadata)
            weightsURL = url
        }
        let fold = CrossValidationFold(
            name: split.name, model: model,
            scores: CrossValidationScores(
                history: history, threshold: chosen, scoredSet: split.test.isEmpty ? "validation" : "test",
                sampleIndices: scoredIndices, probabilities: probabilities, labels: labels,
                validationProbabilities: validationProbabilities, confusion: confusion),
            weightsURL: weightsURL)
        if let url = recordURL(split), let weightsURL {
            try Self.createDirectory(url.deletingLastPathComponent())
            try CrossValidationRecord(fold: fold, index: k, settings: settings, weights: weightsURL.lastPathComponent).write(to: url)
        }
        return fold
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
    /// Split `split` continues from its checkpoint after `epoch` epochs.
    case resuming(split: Int, of: Int, name: String, epoch: Int)
    /// Split `split` was finished before with the same settings and is kept.
    case kept(split: Int, of: Int, name: String)
    /// The lock of split `split` was left by `owner`, a process that no longer runs, and is taken over.
    case tookOverLock(split: Int, of: Int, name: String, owner: String)
    /// Split `split` has been trained and scored.
    case finished(split: Int, of: Int, name: String, fold: CrossValidationFold)
    /// This rank has no split to train: there are more ranks than splits.
    case idle(rank: Int, ranks: Int, splits: Int)

    /// A line for the events with nothing to add (every event but ``started(split:of:name:)``
    /// and ``finished(split:of:name:fold:)``), `nil` for those two.
    public var note: String? {
        switch self {
        case .started, .finished: nil
        case let .resuming(k, count, name, epoch): "\(name) (\(k + 1)/\(count)): resuming from its checkpoint after epoch \(epoch)"
        case let .kept(k, count, name): "\(name) (\(k + 1)/\(count)): finished before with the same settings: kept"
        case let .tookOverLock(_, _, name, owner): "\(name): stale lock of \(owner), which no longer runs: taken over"
        case let .idle(rank, ranks, splits): "rank \(rank) of \(ranks): no split to train (\(splits) splits over \(ranks) ranks)"
        }
    }
}
