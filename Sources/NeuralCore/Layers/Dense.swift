/// A fully connected layer `y = x W + b` on `[batch, inFeatures]` input (Keras's `Dense`).
///
/// The kernel is stored `[inFeatures, units]` as in Keras, so each kernel row belongs to one
/// input feature.
public final class Dense: Layer {
    /// Input features.
    public let inFeatures: Int
    /// Output features.
    public let units: Int
    /// `[inFeatures, units]`, Glorot-uniform initialised.
    public let kernel: Parameter
    /// `[units]`, zero initialised; `nil` without bias.
    public let bias: Parameter?

    private var cachedInput: Tensor?

    public var kind: String { "dense" }

    /// Creates the layer with Keras's default initialisation drawn from `generator`.
    public init(
        inFeatures: Int, units: Int, useBias: Bool = true, kernelL2: Float = 0,
        generator: inout SeededGenerator
    ) throws {
        guard inFeatures >= 1, units >= 1 else {
            throw NeuralCoreError.invalidArgument(
                name: "Dense size", value: "\(inFeatures) -> \(units)", reason: "both sizes must be at least 1")
        }
        self.inFeatures = inFeatures
        self.units = units
        kernel = Parameter(
            try Initializers.glorotUniform(
                shape: [inFeatures, units], fanIn: inFeatures, fanOut: units, generator: &generator),
            l2: kernelL2)
        bias = useBias ? Parameter(Tensor(zeros: [units])) : nil
    }

    public var parameters: [(name: String, parameter: Parameter)] {
        var result: [(name: String, parameter: Parameter)] = [("kernel", kernel)]
        if let bias { result.append(("bias", bias)) }
        return result
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 2, inputShape[1] == inFeatures else {
            throw NeuralCoreError.shapeMismatch(
                operation: "Dense input", expected: [inputShape.first ?? -1, inFeatures], actual: inputShape)
        }
        return [inputShape[0], units]
    }

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let shape = try outputShape(for: input.shape)
        // The output starts as the bias in every row and the product adds to it.
        var output = bias.map { Tensor(rows: shape[0], repeating: $0.value) } ?? Tensor(zeros: shape)
        try output.addMatmul(input, kernel.value)
        cachedInput = mode == .training ? input : nil
        return output
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let input = cachedInput else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        try outputGradient.expectShape([input.shape[0], units], in: "Dense backward")
        try bias?.gradient.addColumnSums(of: outputGradient)
        try kernel.gradient.addMatmul(input, outputGradient, transposeA: true)
        return try Tensor.matmul(outputGradient, kernel.value, transposeB: true)
    }
}

extension Dense: FeatureBiased {
    public var trailingBias: Parameter? { bias }
}
