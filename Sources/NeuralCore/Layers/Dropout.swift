/// Inverted dropout (Keras's `Dropout`): in training each value is zeroed with probability
/// `rate` and the survivors are scaled by `1 / (1 - rate)`; inference is the identity.
///
/// The masks come from the layer's own ``SeededGenerator``, so a seed fixes them; its state is
/// saved in checkpoints through ``Layer/randomStates``.
public final class Dropout: StochasticLayer {
    /// The probability of dropping each value, in [0, 1).
    public let rate: Float
    /// The generator that draws the masks.
    public var generator: SeededGenerator

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
        var newMask = [Float](repeating: 0, count: input.count)
        for i in 0..<newMask.count where generator.nextUniform() < keep { newMask[i] = scale }
        var output = input
        output.withUnsafeMutableBufferPointer { y in
            for i in 0..<y.count { y[i] *= newMask[i] }
        }
        mask = newMask
        return output
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let mask else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        if mask.isEmpty { return outputGradient }  // rate 0
        guard mask.count == outputGradient.count else {
            throw NeuralCoreError.shapeMismatch(operation: "Dropout backward", expected: [mask.count], actual: outputGradient.shape)
        }
        var inputGradient = outputGradient
        inputGradient.withUnsafeMutableBufferPointer { dx in
            for i in 0..<dx.count { dx[i] *= mask[i] }
        }
        return inputGradient
    }
}
