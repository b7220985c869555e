/// Inverted dropout (Keras's `Dropout`): in training each value is zeroed with probability
/// `rate` and the survivors are scaled by `1 / (1 - rate)`; inference is the identity.
///
/// The masks are keyed, not streamed: each training forward draws one step key from the layer's
/// own ``SeededGenerator`` (whose state checkpoints save through ``Layer/randomStates``), and
/// each sample's mask comes from that key and the sample's place in the global batch
/// (``BatchShard``). So a seed fixes the masks, and they do not depend on how many ranks share
/// the batch.
public final class Dropout: StochasticLayer, BatchShardAware {
    /// The probability of dropping each value, in [0, 1).
    public let rate: Float
    /// The generator that draws the masks.
    public var generator: SeededGenerator

    public var batchShard: BatchShard?

    private var mask: [Float]?

    public var kind: String { "dropout" }

    /// Creates the layer with its own generator seeded by `seed`.
    public init(rate: Float, seed: UInt64) throws {
        guard rate >= 0, rate < 1 else {
            throw NeuralCoreError.invalidArgument(name: "Dropout rate", value: "\(rate)", reason: "must lie in [0, 1)")
        }
        self.rate = rate
        generator = SeededGenerator(seed: seed)
    }

    /// Creates the layer with a generator seeded from `generator` (which advances by one draw).
    public convenience init(rate: Float, generator: inout SeededGenerator) throws {
        try self.init(rate: rate, seed: generator.next())
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        guard mode == .training, rate > 0 else {
            mask = mode == .training ? [] : nil
            return input
        }
        let keep = 1 - rate
        let scale = 1 / keep
        let shard = batchShard ?? .whole(input.shape.first ?? 0)
        guard shard.localSamples > 0, input.count % shard.localSamples == 0 else {
            throw NeuralCoreError.shapeMismatch(
                operation: "Dropout input (a whole number of values per sample of the batch shard)",
                expected: [shard.localSamples], actual: input.shape)
        }
        let perSample = input.count / shard.localSamples
        let stepKey = generator.next()   // one draw per step, the same on every rank
        var newMask = [Float](repeating: 0, count: input.count)
        for sample in 0..<shard.localSamples {
            var draws = SeededGenerator(seed: SeedMixing.mix(stepKey, UInt64(shard.firstSample + sample)))
            let base = sample * perSample
            for i in base..<(base + perSample) where draws.nextUniform() < keep { newMask[i] = scale }
        }
        let output = try input.combined(with: Tensor(validShape: input.shape, scalars: newMask), *)
        mask = newMask
        return output
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let mask else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        if mask.isEmpty { return outputGradient }  // rate 0
        guard mask.count == outputGradient.count else {
            throw NeuralCoreError.shapeMismatch(operation: "Dropout backward", expected: [mask.count], actual: outputGradient.shape)
        }
        return try outputGradient.combined(with: Tensor(validShape: outputGradient.shape, scalars: mask), *)
    }
}
