/// Batch normalisation over axis 1 (Keras's `BatchNormalization`): per channel for NCHW
/// input, per feature for `[batch, features]` input.
///
/// Training normalises with the batch mean and biased variance over every axis but 1 and
/// updates the moving statistics `moving = momentum * moving + (1 - momentum) * batch`
/// (the moving variance with the biased batch variance, as Keras does). Inference uses the
/// moving statistics. Defaults: momentum 0.99, epsilon 1e-3, gamma 1, beta 0.
public final class BatchNorm: BatchShardAware {
    /// The number of channels or features (the extent of axis 1).
    public let features: Int
    /// The moving-average momentum.
    public let momentum: Float
    /// Added to the variance before the square root.
    public let epsilon: Float
    /// Scale, `[features]`, initialised to 1.
    public let gamma: Parameter
    /// Offset, `[features]`, initialised to 0.
    public let beta: Parameter
    /// Moving mean, `[features]`, initialised to 0; not trainable.
    public let movingMean: Parameter
    /// Moving variance, `[features]`, initialised to 1; not trainable.
    public let movingVariance: Parameter

    /// An activation applied to the output in the same pass (default: none).
    public let activation: PointwiseActivation

    private struct Cache {
        var input: Tensor
        var output: Tensor?
        var mean: [Float]
        var inverseDeviation: [Float]
        /// The values per feature over the global batch (all ranks).
        var globalCount: Int
        var contributes: Bool
    }
    private var cache: Cache?

    /// Set by `fit`: training statistics are taken over the global batch of every rank.
    public var batchShard: BatchShard?

    public var kind: String { "batch_normalization" }

    /// Creates the layer for `features` channels or features.
    public init(
        features: Int, momentum: Float = 0.99, epsilon: Float = 1e-3, activation: PointwiseActivation = .identity
    ) throws {
        try activation.validate()
        self.activation = activation
        guard features >= 1 else {
            throw NeuralCoreError.invalidArgument(name: "BatchNorm features", value: "\(features)", reason: "must be at least 1")
        }
        guard momentum >= 0, momentum <= 1 else {
            throw NeuralCoreError.invalidArgument(name: "BatchNorm momentum", value: "\(momentum)", reason: "must lie in [0, 1]")
        }
        guard epsilon > 0 else {
            throw NeuralCoreError.invalidArgument(name: "BatchNorm epsilon", value: "\(epsilon)", reason: "must be positive")
        }
        self.features = features
        self.momentum = momentum
        self.epsilon = epsilon
        gamma = Parameter(Tensor(validShape: [features], scalars: [Float](repeating: 1, count: features)))
        beta = Parameter(Tensor(zeros: [features]))
        movingMean = Parameter(Tensor(zeros: [features]), isTrainable: false)
        movingVariance = Parameter(
            Tensor(validShape: [features], scalars: [Float](repeating: 1, count: features)), isTrainable: false)
    }

    public var parameters: [(name: String, parameter: Parameter)] {
        [("gamma", gamma), ("beta", beta), ("movingMean", movingMean), ("movingVariance", movingVariance)]
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count >= 2, inputShape[1] == features else {
            var expected = inputShape
            if expected.count >= 2 { expected[1] = features } else { expected = [inputShape.first ?? 1, features] }
            throw NeuralCoreError.shapeMismatch(operation: "BatchNorm input (axis 1)", expected: expected, actual: inputShape)
        }
        return inputShape
    }

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        _ = try outputShape(for: input.shape)
        let layout = FeatureLayout(shape: input.shape)
        let count = layout.outer * layout.inner
        var mean = [Float](repeating: 0, count: features)
        var inverse = [Float](repeating: 0, count: features)
        var globalCount = count
        if mode == .training {
            guard count > 0 else {
                throw NeuralCoreError.invalidShape(input.shape, reason: "BatchNorm training needs at least one value per feature")
            }
            let shard = batchShard
            let contributes = shard?.contributes ?? true
            // Two passes (mean, then squared deviations) in Double partial sums, each summed
            // over the ranks that share the batch.
            var sums = featureSums(input, layout: layout)
            sums.append(Double(count))
            if !contributes { sums = [Double](repeating: 0, count: sums.count) }
            if let shard, shard.isDistributed { sums = try shard.communicator.allreduceSum(sums) }
            globalCount = Int(sums[features])
            for c in 0..<features { mean[c] = Float(sums[c] / Double(globalCount)) }
            var squares = featureSums(input, layout: layout, centres: mean)
            if !contributes { squares = [Double](repeating: 0, count: squares.count) }
            if let shard, shard.isDistributed { squares = try shard.communicator.allreduceSum(squares) }
            var variance = [Double](repeating: 0, count: features)
            for c in 0..<features { variance[c] = squares[c] / Double(globalCount) }
            for c in 0..<features {
                inverse[c] = Float(1 / (variance[c] + Double(epsilon)).squareRoot())
                movingMean.value.scalars[c] = momentum * movingMean.value.scalars[c] + (1 - momentum) * mean[c]
                movingVariance.value.scalars[c] =
                    momentum * movingVariance.value.scalars[c] + (1 - momentum) * Float(variance[c])
            }
        } else {
            for c in 0..<features {
                mean[c] = movingMean.value.scalars[c]
                inverse[c] = 1 / (movingVariance.value.scalars[c] + epsilon).squareRoot()
            }
        }
        var scale = [Float](repeating: 0, count: features)
        var shift = [Float](repeating: 0, count: features)
        for c in 0..<features {
            scale[c] = gamma.value.scalars[c] * inverse[c]
            shift[c] = beta.value.scalars[c] - mean[c] * scale[c]
        }
        let output = BatchNormalization.scaleShift(
            input, layout: layout, scale: scale, shift: shift, activation: activation)
        cache = mode == .training
            ? Cache(
                input: input, output: activation == .identity ? nil : output, mean: mean, inverseDeviation: inverse,
                globalCount: globalCount, contributes: batchShard?.contributes ?? true)
            : nil
        return output
    }

    /// The inference-mode map `scale * x + shift` per feature, from the moving statistics.
    var inferenceAffine: Conv2D.ChannelAffine {
        var scale = [Float](repeating: 0, count: features), shift = scale
        for c in 0..<features {
            scale[c] = gamma.value.scalars[c] / (movingVariance.value.scalars[c] + epsilon).squareRoot()
            shift[c] = beta.value.scalars[c] - movingMean.value.scalars[c] * scale[c]
        }
        return Conv2D.ChannelAffine(scale: scale, shift: shift)
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let cache else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        self.cache = nil
        try outputGradient.expectShape(cache.input.shape, in: "BatchNorm backward")
        let layout = FeatureLayout(shape: cache.input.shape)
        let gradient = cache.output.map {
            Elementwise.backpropagate(activation, output: $0, outputGradient: outputGradient, rowLength: layout.inner)
        } ?? outputGradient
        var sums = BatchNormalization.gradientSums(
            outputGradient: gradient, input: cache.input, layout: layout, mean: cache.mean,
            inverseDeviation: cache.inverseDeviation)
        if !cache.contributes { sums = [Double](repeating: 0, count: 2 * features) }
        // The parameter gradients take this rank's sums (`fit` sums them over ranks with the
        // others); the input gradient needs the sums over the global batch.
        for c in 0..<features {
            beta.gradient.scalars[c] += Float(sums[c])
            gamma.gradient.scalars[c] += Float(sums[features + c])
        }
        if let shard = batchShard, shard.isDistributed { sums = try shard.communicator.allreduceSum(sums) }
        if !cache.contributes { return Tensor(zerosLike: outputGradient) }
        let count = Double(cache.globalCount)
        return BatchNormalization.inputGradient(
            outputGradient: gradient, input: cache.input, layout: layout, mean: cache.mean,
            inverseDeviation: cache.inverseDeviation, gamma: gamma.value.scalars,
            meanGradient: (0..<features).map { Float(sums[$0] / count) },
            meanGradientXHat: (0..<features).map { Float(sums[features + $0] / count) })
    }
}

extension BatchNorm: FeatureShiftInvariant {}
