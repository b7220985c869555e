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
        let progress = TrainingProgress(style: configuration.progress, epochs: configuration.epochs)
        if completedEpochs > 0 { progress.message("resuming after epoch \(completedEpochs)") }
        while completedEpochs < configuration.epochs, !history.stoppedEarly {
            let record = try runEpoch(completedEpochs + 1, progress: progress)
            completedEpochs += 1
            history.epochs.append(record)
            updateBest(record)
            progress.epochEnded(record)
            for callback in callbacks { callback.epochDidEnd(record) }
            if let patience = configuration.earlyStoppingPatience, epochsWithoutImprovement >= patience {
                history.stoppedEarly = true
                progress.message("early stopping: no improvement for \(patience) epochs")
            }
            if callbacks.contains(where: { $0.shouldStop(after: record) }) { history.stoppedEarly = true }
            if let url = configuration.checkpointURL { try checkpoint().write(to: url) }
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
        var lossSum = 0.0
        let start = Date()
        for batch in 0..<batches {
            let indices = Array(order[(batch * batchSize)..<min((batch + 1) * batchSize, order.count)])
            let (x, y) = try data.batch(indices)
            let value = try step(x, y, epoch: epoch, batch: batch + 1, predictions: &predictions)
            labels += y.scalars
            lossSum += value
            for callback in callbacks { callback.batchDidEnd(epoch: epoch, batch: batch + 1, loss: value) }
            let seconds = max(Date().timeIntervalSince(start), 1e-9)
            progress.batch(
                epoch: epoch, batch: batch + 1, of: batches, samplesPerSecond: Double(labels.count) / seconds,
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
        if let validation, validation.count > 0 {
            let output = try model.predict(validation, batchSize: configuration.validationBatchSize ?? batchSize)
            let all = try validation.labels(Array(0..<validation.count))
            let outputColumn = try output.reshaped([output.count])
            record.validationLoss = try loss.valueAndGradient(predictions: outputColumn, labels: all).value
            for metric in configuration.metrics {
                record.validationMetrics[metric.name] = try metric.evaluate(predictions: outputColumn, labels: all)
            }
        }
        return record
    }

    /// One optimisation step; returns the batch loss (regularisation included).
    private func step(_ x: Tensor, _ y: Tensor, epoch: Int, batch: Int, predictions: inout [Float]) throws -> Double {
        model.zeroGradients()
        let output = try model.forward(x, mode: .training)
        if let bad = output.scalars.first(where: { !$0.isFinite }) {
            throw NeuralCoreError.nonFiniteLoss(epoch: epoch, batch: batch, value: Double(bad))
        }
        let labels = try y.reshaped(output.shape)
        let (value, gradient): (Double, Tensor)
        if let weights = configuration.classWeights, let weighted = loss as? any SampleWeightedLoss {
            let sampleWeights = labels.scalars.map { $0 >= 0.5 ? weights[1] : weights[0] }
            (value, gradient) = try weighted.valueAndGradient(predictions: output, labels: labels, sampleWeights: sampleWeights)
        } else {
            (value, gradient) = try loss.valueAndGradient(predictions: output, labels: labels)
        }
        let total = value + model.regularizationLoss()
        guard total.isFinite else { throw NeuralCoreError.nonFiniteLoss(epoch: epoch, batch: batch, value: total) }
        _ = try model.backward(gradient)
        model.accumulateRegularizationGradients()
        try optimizer.step(model)
        predictions += output.scalars
        return total
    }

    /// Records the epoch as best when its monitored value improves.
    private mutating func updateBest(_ record: EpochRecord) {
        let monitored: Double?
        let higherIsBetter: Bool
        if let metric = configuration.metrics.first {
            monitored = record.validationMetrics[metric.name] ?? nil
            higherIsBetter = metric.higherIsBetter
        } else {
            monitored = record.validationLoss ?? record.loss
            higherIsBetter = false
        }
        guard let value = monitored, value.isFinite else {
            epochsWithoutImprovement += 1
            return
        }
        let improved: Bool
        if let best = history.bestScore {
            improved = higherIsBetter
                ? value > best + configuration.minimumImprovement
                : value < best - configuration.minimumImprovement
        } else {
            improved = true
        }
        if improved {
            history.bestScore = value
            history.bestEpoch = record.epoch
            bestWeights = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.name, $0.parameter.value) })
            epochsWithoutImprovement = 0
        } else {
            epochsWithoutImprovement += 1
        }
    }

    private func checkpoint() -> TrainingCheckpoint {
        TrainingCheckpoint(
            epoch: completedEpochs, initialLearningRate: initialLearningRate, shuffleState: shuffle.state,
            randomStates: model.randomStates, optimizerState: optimizer.state,
            modelWeights: Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.name, $0.parameter.value) }),
            bestWeights: bestWeights, epochsWithoutImprovement: epochsWithoutImprovement, history: history)
    }
}
