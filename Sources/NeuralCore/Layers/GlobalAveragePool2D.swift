/// The mean over height and width: `[N, C, H, W]` to `[N, C]` (Keras's
/// `GlobalAveragePooling2D`).
public final class GlobalAveragePool2D: Layer {
    private var cachedShape: [Int]?

    /// Creates the layer.
    public init() {}

    public var kind: String { "global_average_pooling2d" }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 4 else {
            throw NeuralCoreError.rankMismatch(operation: "GlobalAveragePool2D input (NCHW)", expected: 4, actual: inputShape)
        }
        guard inputShape[2] * inputShape[3] > 0 else {
            throw NeuralCoreError.invalidShape(inputShape, reason: "GlobalAveragePool2D needs a non-empty plane")
        }
        return [inputShape[0], inputShape[1]]
    }

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let shape = try outputShape(for: input.shape)
        let plane = input.shape[2] * input.shape[3]
        let output = Tensor(uninitialized: shape) { y in
            input.withUnsafeBufferPointer { x in
                AveragePooling.forward(x, plane: plane, output: y)
            }
        }
        cachedShape = mode == .training ? input.shape : nil
        return output
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let shape = cachedShape else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        try outputGradient.expectShape([shape[0], shape[1]], in: "GlobalAveragePool2D backward")
        let plane = shape[2] * shape[3]
        return Tensor(uninitialized: shape) { dx in
            outputGradient.withUnsafeBufferPointer { dy in
                AveragePooling.backward(dy, plane: plane, inputGradient: dx)
            }
        }
    }
}
