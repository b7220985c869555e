/// What happened in one epoch of `fit`.
public struct EpochRecord: Codable, Sendable, Equatable {
    /// The epoch, counting from 1.
    public var epoch: Int
    /// Mean training loss over the epoch's batches (regularisation included).
    public var loss: Double
    /// The validation loss, when there is a validation set.
    public var validationLoss: Double?
    /// Validation metrics by name (`nil` where a metric is undefined).
    public var validationMetrics: [String: Double?]
    /// The learning rate used.
    public var learningRate: Float
    /// Training throughput.
    public var samplesPerSecond: Double
    /// Seconds spent summing gradients over ranks in the epoch (data-parallel training only).
    public var communicationSeconds: Double?
    /// Wall-clock seconds of the epoch, validation included (`nil` in records written before
    /// FlareKit recorded it).
    public var seconds: Double?
}

/// The epoch records of a `fit` run, and which epoch's weights were kept.
public struct TrainingHistory: Codable, Sendable, Equatable {
    /// One record per completed epoch.
    public var epochs: [EpochRecord] = []
    /// The epoch (from 1) whose weights the model holds at the end, when the best weights
    /// were restored.
    public var bestEpoch: Int?
    /// The monitored value at ``bestEpoch``.
    public var bestScore: Double?
    /// Whether early stopping ended the run.
    public var stoppedEarly = false

    /// Creates an empty history.
    public init() {}
}
