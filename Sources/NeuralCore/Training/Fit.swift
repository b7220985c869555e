import Foundation

/// Trains `model` on `data` (Keras's `model.fit`), with a validation set scored every epoch,
/// the best validation weights kept, early stopping, a learning-rate schedule, callbacks,
/// progress output and per-epoch checkpoints.
///
/// ```swift
/// var configuration = FitConfiguration(epochs: 20, batchSize: 64, seed: 1)
/// configuration.metrics = [SkillScoreMetric()]          // validation TSS, from Losses
/// configuration.checkpointURL = folder.appendingPathComponent("checkpoint.safetensors")
/// let history = try fit(model: model, loss: try WeightedBinaryCrossEntropy(), optimizer: try Adam(),
///                       data: train, validation: validation, configuration: configuration)
/// ```
///
/// With the same seed, model initialisation and data, two runs give bit-identical weights;
/// `resumingFrom` a checkpoint of an interrupted run continues to the same final weights as an
/// uninterrupted run.
///
/// - Parameters:
///   - model: the network to train; it ends with the best validation weights when
///     `configuration.restoreBestWeights` is set.
///   - loss: the training objective.
///   - optimizer: updates the trainable parameters.
///   - data: the training samples.
///   - validation: samples scored after every epoch.
///   - configuration: epochs, batch size, seed, metrics, checkpoints, ...
///   - callbacks: hooks on epoch and batch events.
///   - checkpointURL: a checkpoint written by an earlier run with the same configuration.
/// - Throws: ``NeuralCoreError/nonFiniteLoss(epoch:batch:value:)`` when a batch's loss or the
///   model's output is NaN or infinite (the checkpoint of the previous epoch stays on disk),
///   and any error of the model, loss, optimizer or data.
@discardableResult
public func fit(
    model: any Layer, loss: any Loss, optimizer: any Optimizer,
    data: any BatchSource, validation: (any BatchSource)? = nil,
    configuration: FitConfiguration, callbacks: [any TrainingCallback] = [],
    resumingFrom checkpointURL: URL? = nil
) throws -> TrainingHistory {
    var trainer = try Trainer(
        model: model, loss: loss, optimizer: optimizer, data: data, validation: validation,
        configuration: configuration, callbacks: callbacks)
    if let checkpointURL { try trainer.restore(from: checkpointURL) }
    return try trainer.run()
}

/// The state of one `fit` run.
struct Trainer {
    let model: any Layer
    let loss: any Loss
    let optimizer: any Optimizer
    let data: any BatchSource
    let validation: (any BatchSource)?
    let configuration: FitConfiguration
    let callbacks: [any TrainingCallback]

    var shuffle: SeededGenerator
    var initialLearningRate: Float
    var completedEpochs = 0
    var history = TrainingHistory()
    var bestWeights: [String: Tensor]?
    var epochsWithoutImprovement = 0

    init(
        model: any Layer, loss: any Loss, optimizer: any Optimizer, data: any BatchSource,
        validation: (any BatchSource)?, configuration: FitConfiguration, callbacks: [any TrainingCallback]
    ) throws {
        try configuration.validate()
        guard data.count > 0 else { throw NeuralCoreError.training("the training set is empty") }
        if configuration.classWeights != nil, !(loss is any SampleWeightedLoss) {
            throw NeuralCoreError.training("class weights need a per-sample loss; \(loss.name) is not one")
        }
        self.model = model
        self.loss = loss
        self.optimizer = optimizer
        self.data = data
        self.validation = validation
        self.configuration = configuration
        self.callbacks = callbacks
        shuffle = SeededGenerator(seed: configuration.seed)
        initialLearningRate = optimizer.learningRate
    }

    /// Loads a checkpoint into the model, optimizer and this run.
    mutating func restore(from url: URL) throws {
        let checkpoint = try TrainingCheckpoint.read(from: url)
        try model.assignParameters(checkpoint.modelWeights, source: url.path)
        optimizer.state = checkpoint.optimizerState
        try model.restoreRandomStates(checkpoint.randomStates)
        shuffle = try SeededGenerator(state: checkpoint.shuffleState)
        initialLearningRate = checkpoint.initialLearningRate
        completedEpochs = checkpoint.epoch
        history = checkpoint.history
        bestWeights = checkpoint.bestWeights
        epochsWithoutImprovement = checkpoint.epochsWithoutImprovement
    }

    mutating func run() throws -> TrainingHistory {
        let communicator = configuration.communicator
        let progress = TrainingProgress(style: communicator.isRoot ? configuration.progress : .silent, epochs: configuration.epochs)
        if completedEpochs > 0 { progress.message("resuming after epoch \(completedEpochs)") }
        defer { model.setBatchShard(nil) }
        // Every rank starts from rank 0's weights (Horovod's broadcast).
        try communicator.broadcastParameters(of: model)
        try communicator.broadcastRandomStates(of: model)
        for callback in callbacks { try callback.trainingWillBegin(history: history) }
        while completedEpochs < configuration.epochs, !history.stoppedEarly {
            let record = try runEpoch(completedEpochs + 1, progress: progress)
            completedEpochs += 1
            history.epochs.append(record)
            // Decisions are rank 0's; the weights stay rank 0's bit for bit.
            try communicator.broadcastParameters(of: model)
            updateBest(record, improved: try communicator.broadcast(isImprovement(record)))
            progress.epochEnded(record)
            for callback in callbacks { try callback.epochDidEnd(record) }
            if let patience = configuration.earlyStoppingPatience, epochsWithoutImprovement >= patience {
                history.stoppedEarly = true
                progress.message("early stopping: no improvement for \(patience) epochs")
            }
            let stop = callbacks.contains(where: { $0.shouldStop(after: record) })
            if try communicator.broadcast(stop) { history.stoppedEarly = true }
            if let url = configuration.checkpointURL, communicator.isRoot { try checkpoint().write(to: url) }
        }
        if configuration.restoreBestWeights, let bestWeights {
            try model.assignParameters(bestWeights, source: "best weights")
        } else {
            history.bestEpoch = nil
            history.bestScore = nil
        }
        return history
    }

    private mutating func runEpoch(_ epoch: Int, progress: TrainingProgress) throws -> EpochRecord {
        for callback in callbacks { callback.epochWillBegin(epoch) }
        let learningRate = configuration.learningRateSchedule.learningRate(epoch: epoch - 1, initial: initialLearningRate)
        optimizer.learningRate = learningRate
        let order = configuration.shuffle ? shuffle.permutation(data.count) : Array(0..<data.count)
        let batchSize = configuration.batchSize
        let batches = (order.count + batchSize - 1) / batchSize
        let runningMetric = configuration.metrics.first
        var predictions: [Float] = [], labels: [Float] = []
        var lossSum = 0.0, communicationSeconds = 0.0
        let start = Date()
        for batch in 0..<batches {
            let indices = Array(order[(batch * batchSize)..<min((batch + 1) * batchSize, order.count)])
            let value = try step(
                indices, epoch: epoch, batch: batch + 1, predictions: &predictions, labels: &labels,
                communicationSeconds: &communicationSeconds)
            lossSum += value
            for callback in callbacks { callback.batchDidEnd(epoch: epoch, batch: batch + 1, loss: value) }
            let seconds = max(Date().timeIntervalSince(start), 1e-9)
            progress.batch(
                epoch: epoch, batch: batch + 1, of: batches, elapsed: seconds, samplesPerSecond: Double(labels.count) / seconds,
                loss: lossSum / Double(batch + 1),
                metric: {
                    runningMetric.map { metric in
                        let value = try? metric.evaluate(
                            predictions: Tensor(validShape: [predictions.count], scalars: predictions),
                            labels: Tensor(validShape: [labels.count], scalars: labels))
                        return (metric.name, value ?? nil)
                    }
                })
        }
        let seconds = max(Date().timeIntervalSince(start), 1e-9)
        var record = EpochRecord(
            epoch: epoch, loss: lossSum / Double(batches), validationLoss: nil, validationMetrics: [:],
            learningRate: learningRate, samplesPerSecond: Double(order.count) / seconds)
        if configuration.communicator.size > 1 { record.communicationSeconds = communicationSeconds }
        if let validation, validation.count > 0 {
            progress.stage("epoch \(epoch)/\(configuration.epochs): validating \(validation.count) samples")
            let (outputColumn, all) = try validationPredictions(validation, batchSize: configuration.validationBatchSize ?? batchSize)
            record.validationLoss = try loss.valueAndGradient(predictions: outputColumn, labels: all).value
            for metric in configuration.metrics {
                record.validationMetrics[metric.name] = try metric.evaluate(predictions: outputColumn, labels: all)
            }
        }
        record.seconds = Date().timeIntervalSince(start)
        return record
    }

    /// One optimisation step on the global batch `indices`; returns the batch loss
    /// (regularisation included) and appends the batch's outputs and labels.
    ///
    /// Each rank computes its contiguous share of the batch; the outputs (one value per sample)
    /// are gathered, so every rank evaluates the loss and its gradient on the global batch (a
    /// score-oriented loss sees the whole batch's confusion matrix), back-propagates its own
    /// rows, and the parameter gradients are summed over ranks in one allreduce.
    private func step(
        _ indices: [Int], epoch: Int, batch: Int, predictions: inout [Float], labels: inout [Float],
        communicationSeconds: inout Double
    ) throws -> Double {
        let communicator = configuration.communicator
        let share = WorkShare.contiguous(count: indices.count, rank: communicator.rank, size: communicator.size)
        let contributes = !share.isEmpty
        // A rank with no sample of its own computes a stand-in that contributes nothing.
        let local = contributes ? Array(indices[share]) : [indices[0]]
        model.setBatchShard(BatchShard(
            communicator: communicator, globalSamples: indices.count, firstSample: contributes ? share.lowerBound : 0,
            localSamples: local.count, contributes: contributes))
        let (x, y) = try data.batch(local)
        model.zeroGradients()
        let output = try model.forward(x, mode: .training)
        let rowSize = output.count / max(local.count, 1)
        let gathered = try communicator.gatherRows(
            outputs: contributes ? output.scalars : [], labels: contributes ? y.scalars : [], rowSize: rowSize)
        if let bad = gathered.outputs.first(where: { !$0.isFinite }) {
            throw NeuralCoreError.nonFiniteLoss(epoch: epoch, batch: batch, value: Double(bad))
        }
        let globalShape = [indices.count] + output.shape.dropFirst()
        let globalOutput = try Tensor(shape: globalShape, scalars: gathered.outputs)
        let globalLabels = try Tensor(shape: [gathered.labels.count], scalars: gathered.labels).reshaped(globalShape)
        let (value, gradient): (Double, Tensor)
        if let weights = configuration.classWeights, let weighted = loss as? any SampleWeightedLoss {
            let sampleWeights = globalLabels.scalars.map { $0 >= 0.5 ? weights[1] : weights[0] }
            (value, gradient) = try weighted.valueAndGradient(predictions: globalOutput, labels: globalLabels, sampleWeights: sampleWeights)
        } else {
            (value, gradient) = try loss.valueAndGradient(predictions: globalOutput, labels: globalLabels)
        }
        let total = value + model.regularizationLoss()
        guard total.isFinite else { throw NeuralCoreError.nonFiniteLoss(epoch: epoch, batch: batch, value: total) }
        let localGradient = contributes
            ? try Tensor(shape: output.shape, scalars: Array(gradient.scalars[(share.lowerBound * rowSize)..<(share.upperBound * rowSize)]))
            : Tensor(zerosLike: output)
        _ = try model.backward(localGradient)
        communicationSeconds += try communicator.allreduceGradients(of: model)
        model.accumulateRegularizationGradients()
        try optimizer.step(model)
        predictions += gathered.outputs
        labels += gathered.labels
        return total
    }

    /// Inference-mode outputs `[N]` and labels `[N]` of the whole validation set: each rank
    /// predicts its contiguous share, and the shares are gathered in order.
    private func validationPredictions(_ validation: any BatchSource, batchSize: Int) throws -> (outputs: Tensor, labels: Tensor) {
        model.setBatchShard(nil)
        let communicator = configuration.communicator
        let share = WorkShare.contiguous(count: validation.count, rank: communicator.rank, size: communicator.size)
        var outputs: [Float] = [], labels: [Float] = []
        if !share.isEmpty {
            let slice = BatchSourceSlice(source: validation, range: share)
            outputs = try model.predict(slice, batchSize: batchSize).scalars
            labels = try slice.labels(Array(0..<slice.count)).scalars
        }
        let rowSize = max(1, outputs.count / max(labels.count, 1))
        let gathered = try communicator.gatherRows(outputs: outputs, labels: labels, rowSize: rowSize)
        return (try Tensor(shape: [gathered.outputs.count], scalars: gathered.outputs),
                try Tensor(shape: [gathered.labels.count], scalars: gathered.labels))
    }

    /// Whether the epoch's monitored value improves on the best so far.
    private func isImprovement(_ record: EpochRecord) -> Bool {
        let monitored: Double?
        let higherIsBetter: Bool
        if let metric = configuration.metrics.first {
            monitored = record.validationMetrics[metric.name] ?? nil
            higherIsBetter = metric.higherIsBetter
        } else {
            monitored = record.validationLoss ?? record.loss
            higherIsBetter = false
        }
        guard let value = monitored, value.isFinite else { return false }
        guard let best = history.bestScore else { return true }
        return higherIsBetter
            ? value > best + configuration.minimumImprovement
            : value < best - configuration.minimumImprovement
    }

    /// Records the epoch as best when `improved` (rank 0's decision), else counts it towards
    /// early stopping.
    private mutating func updateBest(_ record: EpochRecord, improved: Bool) {
        guard improved else {
            epochsWithoutImprovement += 1
            return
        }
        let monitored = configuration.metrics.first.map { record.validationMetrics[$0.name] ?? nil }
            ?? (record.validationLoss ?? record.loss)
        history.bestScore = monitored
        history.bestEpoch = record.epoch
        bestWeights = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.name, $0.parameter.value) })
        epochsWithoutImprovement = 0
    }

    private func checkpoint() -> TrainingCheckpoint {
        TrainingCheckpoint(
            epoch: completedEpochs, initialLearningRate: initialLearningRate, shuffleState: shuffle.state,
            randomStates: model.randomStates, optimizerState: optimizer.state,
            modelWeights: Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.name, $0.parameter.value) }),
            bestWeights: bestWeights, epochsWithoutImprovement: epochsWithoutImprovement, history: history)
    }
}
