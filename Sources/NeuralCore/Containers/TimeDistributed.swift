/// Applies one layer to every frame of a sequence with shared weights (Keras's
/// `TimeDistributed`), by folding time into the batch: `[N, T, ...]` becomes `[N*T, ...]`.
///
/// In training, a BatchNorm inside therefore takes its statistics over all N*T frames and
/// updates its moving averages once per batch (Documentation/Architectures.md). The wrapper is
/// transparent for naming: the wrapped layer's parameters and sublayers appear directly
/// under the wrapper's own name.
public final class TimeDistributed: Layer {
    /// The per-frame layer.
    public let inner: any Layer
    private var cachedShape: [Int]?

    public var kind: String { "time_distributed" }

    /// Wraps `inner`.
    public init(_ inner: any Layer) { self.inner = inner }

    public var parameters: [(name: String, parameter: Parameter)] { inner.parameters }
    public var sublayers: [(name: String, layer: any Layer)] { inner.sublayers }

    private func folded(_ shape: [Int]) throws -> [Int] {
        guard shape.count >= 3 else {
            throw NeuralCoreError.rankMismatch(operation: "TimeDistributed input [N, T, ...]", expected: 3, actual: shape)
        }
        return [shape[0] * shape[1]] + shape.dropFirst(2)
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let inner = try self.inner.outputShape(for: folded(inputShape))
        return [inputShape[0], inputShape[1]] + inner.dropFirst()
    }

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let output = try inner.forward(input.reshaped(folded(input.shape)), mode: mode)
        cachedShape = mode == .training ? input.shape : nil
        return try output.reshaped([input.shape[0], input.shape[1]] + output.shape.dropFirst())
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let shape = cachedShape else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        let gradient = try inner.backward(outputGradient.reshaped(try folded(outputGradient.shape)))
        return try gradient.reshaped(shape)
    }
}
