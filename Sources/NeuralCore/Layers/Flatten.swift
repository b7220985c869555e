/// Flattens `[batch, d1, d2, ...]` to `[batch, d1 * d2 * ...]` in row-major (C, H, W) order,
/// without copying.
public final class Flatten: Layer {
    private var cachedShape: [Int]?

    /// Creates the layer.
    public init() {}

    public var kind: String { "flatten" }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count >= 2 else {
            throw NeuralCoreError.rankMismatch(operation: "Flatten input", expected: 2, actual: inputShape)
        }
        return [inputShape[0], inputShape.dropFirst().reduce(1, *)]
    }

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let shape = try outputShape(for: input.shape)
        cachedShape = mode == .training ? input.shape : nil
        return try input.reshaped(shape)
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let shape = cachedShape else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        return try outputGradient.reshaped(shape)
    }
}
