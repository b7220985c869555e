import Foundation

/// Everything `fit` needs besides the model, loss, optimizer and data. Defaults follow Keras.
///
/// ```swift
/// var configuration = FitConfiguration(epochs: 20, batchSize: 64, seed: 7)
/// configuration.metrics = [SkillScoreMetric(.trueSkillStatistic)]   // from Losses
/// configuration.checkpointURL = runFolder.appendingPathComponent("checkpoint.safetensors")
/// ```
public struct FitConfiguration {
    /// The number of epochs to run in total (a resumed run continues up to this number).
    public var epochs: Int
    /// Samples per training batch.
    public var batchSize: Int
    /// Whether to shuffle the training samples each epoch.
    public var shuffle: Bool = true
    /// Seeds the shuffling.
    public var seed: UInt64
    /// Per-class sample weights `[w0, w1]` for labels 0 and 1 (needs a ``SampleWeightedLoss``).
    public var classWeights: [Float]?
    /// Validation metrics computed every epoch. The first one is monitored (best weights,
    /// early stopping); with none, the validation loss is monitored.
    public var metrics: [any Metric] = []
    /// Keep the weights of the best monitored validation epoch at the end (Guastavino Sect. 2.4).
    public var restoreBestWeights = true
    /// Stop after this many epochs without improvement of the monitored value.
    public var earlyStoppingPatience: Int?
    /// The smallest change that counts as an improvement.
    public var minimumImprovement: Double = 0
    /// The learning-rate schedule, applied to the optimizer's rate at the start of training.
    public var learningRateSchedule: LearningRateSchedule = .constant
    /// Where to write a checkpoint (atomically) after every epoch; `nil` for none.
    public var checkpointURL: URL?
    /// Progress output.
    public var progress: ProgressStyle = .automatic
    /// Batch size for validation predictions (defaults to `batchSize`).
    public var validationBatchSize: Int?
    /// The ranks that train this one model together (data parallelism): each computes its share
    /// of every global batch of `batchSize` samples, and the result does not depend on how many
    /// ranks there are (see <doc:DataParallelTraining>). Default: this process alone.
    public var communicator: any Communicator = SingleProcessCommunicator.shared

    /// Creates a configuration.
    public init(epochs: Int = 10, batchSize: Int = 32, seed: UInt64 = 0) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.seed = seed
    }

    func validate() throws {
        guard epochs >= 1 else {
            throw NeuralCoreError.invalidArgument(name: "epochs", value: "\(epochs)", reason: "must be at least 1")
        }
        guard batchSize >= 1 else {
            throw NeuralCoreError.invalidArgument(name: "batch size", value: "\(batchSize)", reason: "must be at least 1")
        }
        if let classWeights, classWeights.count != 2 || classWeights.contains(where: { !$0.isFinite || $0 < 0 }) {
            throw NeuralCoreError.invalidArgument(
                name: "class weights", value: "\(classWeights)", reason: "need two finite, non-negative weights [w0, w1]")
        }
        if let patience = earlyStoppingPatience, patience < 1 {
            throw NeuralCoreError.invalidArgument(name: "early-stopping patience", value: "\(patience)", reason: "must be at least 1")
        }
    }
}
