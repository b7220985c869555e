import NeuralCore

/// What a cross-validation runner trains: how to build a fresh model, loss and optimizer for
/// each split, and how to serve a subset of the samples.
///
/// The closures receive the split's position, so each model can be seeded differently and
/// reproducibly:
///
/// ```swift
/// let task = CrossValidationTask(
///     makeModel: { split in
///         var generator = SeededGenerator(seed: 100 + UInt64(split))
///         return try FlareModel(.cnn2(config), generator: &generator)
///     },
///     makeLoss: { _ in try WeightedBinaryCrossEntropy() },
///     makeOptimizer: { _ in try Adam(learningRate: 1e-3) },
///     samples: { indices in try IndexedBatchSource(source, indices: indices) })
/// ```
public struct CrossValidationTask {
    /// A freshly initialised model for split `k` (0-based).
    public var makeModel: (_ split: Int) throws -> any Layer
    /// The training loss for split `k`.
    public var makeLoss: (_ split: Int) throws -> any Loss
    /// A fresh optimizer for split `k`.
    public var makeOptimizer: (_ split: Int) throws -> any Optimizer
    /// The samples at the given indices (inputs and binary labels), in that order.
    public var samples: (_ indices: [Int]) throws -> any BatchSource
    /// Whether the model's output is a logit (a sigmoid is then applied before scoring).
    public var outputsLogits: Bool
    /// The training samples of split `k`, when they are served differently from the others
    /// (augmented, say); `nil` uses ``samples``. A source that is also a `TrainingCallback`
    /// (the Datasets batch sources are) is told each epoch, so its random transforms change.
    public var trainingSamples: ((_ indices: [Int], _ split: Int) throws -> any BatchSource)?

    /// Creates a task.
    public init(
        makeModel: @escaping (_ split: Int) throws -> any Layer,
        makeLoss: @escaping (_ split: Int) throws -> any Loss,
        makeOptimizer: @escaping (_ split: Int) throws -> any Optimizer,
        samples: @escaping (_ indices: [Int]) throws -> any BatchSource,
        outputsLogits: Bool = false
    ) {
        self.makeModel = makeModel
        self.makeLoss = makeLoss
        self.makeOptimizer = makeOptimizer
        self.samples = samples
        self.outputsLogits = outputsLogits
    }
}

/// A subset of another source's samples, by index, without copying them.
public struct IndexedBatchSource: BatchSource {
    /// The underlying source.
    public let base: any BatchSource
    /// The base indices this source serves, in order.
    public let indices: [Int]

    /// Serves `base`'s samples at `indices`. Throws when an index is out of range.
    public init(_ base: any BatchSource, indices: [Int]) throws {
        if let bad = indices.first(where: { $0 < 0 || $0 >= base.count }) {
            throw EvaluationError.invalidArgument(
                name: "sample index", value: "\(bad)", reason: "outside 0..<\(base.count)")
        }
        self.base = base
        self.indices = indices
    }

    public var count: Int { indices.count }

    public func batch(_ positions: [Int]) throws -> (inputs: Tensor, labels: Tensor) {
        try base.batch(positions.map { indices[$0] })
    }

    public func labels(_ positions: [Int]) throws -> Tensor {
        try base.labels(positions.map { indices[$0] })
    }
}
