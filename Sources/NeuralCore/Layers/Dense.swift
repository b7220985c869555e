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
        let batch = shape[0]
        var output = Tensor(zeros: shape)
        if let bias {
            output.withUnsafeMutableBufferPointer { y in
                bias.value.withUnsafeBufferPointer { b in
                    for n in 0..<batch { (y.baseAddress! + n * units).update(from: b.baseAddress!, count: units) }
                }
            }
        }
        input.withUnsafeBufferPointer { x in
            kernel.value.withUnsafeBufferPointer { w in
                output.withUnsafeMutableBufferPointer { y in
                    BLAS.parallelSgemm(
                        m: batch, n: units, k: inFeatures, a: x.baseAddress!, lda: inFeatures,
                        b: w.baseAddress!, ldb: units, beta: 1, c: y.baseAddress!, ldc: units)
                }
            }
        }
        cachedInput = mode == .training ? input : nil
        return output
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let input = cachedInput else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        let batch = input.shape[0]
        try outputGradient.expectShape([batch, units], in: "Dense backward")
        var inputGradient = Tensor(zeros: input.shape)
        outputGradient.withUnsafeBufferPointer { dy in
            if let bias {
                bias.gradient.withUnsafeMutableBufferPointer { db in
                    for n in 0..<batch {
                        for u in 0..<units { db[u] += dy[n * units + u] }
                    }
                }
            }
            input.withUnsafeBufferPointer { x in
                kernel.gradient.withUnsafeMutableBufferPointer { dw in
                    BLAS.parallelSgemm(
                        transposeA: true, m: inFeatures, n: units, k: batch,
                        a: x.baseAddress!, lda: inFeatures, b: dy.baseAddress!, ldb: units,
                        beta: 1, c: dw.baseAddress!, ldc: units)
                }
            }
            kernel.value.withUnsafeBufferPointer { w in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    BLAS.parallelSgemm(
                        transposeB: true, m: batch, n: inFeatures, k: units,
                        a: dy.baseAddress!, lda: units, b: w.baseAddress!, ldb: units,
                        c: dx.baseAddress!, ldc: inFeatures)
                }
            }
        }
        return inputGradient
    }
}

extension Dense: FeatureBiased {
    public var trailingBias: Parameter? { bias }
}
