/// Batch normalisation over axis 1 (Keras's `BatchNormalization`): per channel for NCHW
/// input, per feature for `[batch, features]` input.
///
/// Training normalises with the batch mean and biased variance over every axis but 1 and
/// updates the moving statistics `moving = momentum * moving + (1 - momentum) * batch`
/// (the moving variance with the biased batch variance, as Keras does). Inference uses the
/// moving statistics. Defaults: momentum 0.99, epsilon 1e-3, gamma 1, beta 0.
public final class BatchNorm: Layer {
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

    private var normalized: Tensor?
    private var inverseDeviation: [Float] = []

    public var kind: String { "batch_normalization" }

    /// Creates the layer for `features` channels or features.
    public init(features: Int, momentum: Float = 0.99, epsilon: Float = 1e-3) throws {
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
        let outer = input.shape[0]
        let inner = input.shape.dropFirst(2).reduce(1, *)
        let count = outer * inner
        var scale = [Float](repeating: 0, count: features)
        var shift = [Float](repeating: 0, count: features)
        if mode == .training {
            guard count > 0 else {
                throw NeuralCoreError.invalidShape(input.shape, reason: "BatchNorm training needs at least one value per feature")
            }
            var mean = [Double](repeating: 0, count: features)
            var variance = [Double](repeating: 0, count: features)
            input.withUnsafeBufferPointer { x in
                for c in 0..<features {
                    var sum = 0.0
                    for n in 0..<outer {
                        let base = x.baseAddress! + (n * features + c) * inner
                        var partial: Float = 0
                        for i in 0..<inner { partial += base[i] }
                        sum += Double(partial)
                    }
                    let m = sum / Double(count)
                    var squares = 0.0
                    for n in 0..<outer {
                        let base = x.baseAddress! + (n * features + c) * inner
                        let mf = Float(m)
                        var partial: Float = 0
                        for i in 0..<inner { let d = base[i] - mf; partial += d * d }
                        squares += Double(partial)
                    }
                    mean[c] = m
                    variance[c] = squares / Double(count)
                }
            }
            if inverseDeviation.count != features { inverseDeviation = [Float](repeating: 0, count: features) }
            for c in 0..<features {
                let inv = Float(1 / (variance[c] + Double(epsilon)).squareRoot())
                inverseDeviation[c] = inv
                scale[c] = gamma.value.scalars[c] * inv
                shift[c] = beta.value.scalars[c] - Float(mean[c]) * scale[c]
                movingMean.value.scalars[c] = momentum * movingMean.value.scalars[c] + (1 - momentum) * Float(mean[c])
                movingVariance.value.scalars[c] =
                    momentum * movingVariance.value.scalars[c] + (1 - momentum) * Float(variance[c])
            }
            // Cache x-hat for backward.
            var xHat = Tensor(zeros: input.shape)
            input.withUnsafeBufferPointer { x in
                xHat.withUnsafeMutableBufferPointer { h in
                    for n in 0..<outer {
                        for c in 0..<features {
                            let offset = (n * features + c) * inner
                            let m = Float(mean[c]), inv = inverseDeviation[c]
                            for i in 0..<inner { h[offset + i] = (x[offset + i] - m) * inv }
                        }
                    }
                }
            }
            normalized = xHat
        } else {
            for c in 0..<features {
                let inv = 1 / (movingVariance.value.scalars[c] + epsilon).squareRoot()
                scale[c] = gamma.value.scalars[c] * inv
                shift[c] = beta.value.scalars[c] - movingMean.value.scalars[c] * scale[c]
            }
            normalized = nil
        }
        var output = Tensor(zeros: input.shape)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                for n in 0..<outer {
                    for c in 0..<features {
                        let offset = (n * features + c) * inner
                        let a = scale[c], b = shift[c]
                        for i in 0..<inner { y[offset + i] = x[offset + i] * a + b }
                    }
                }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let xHat = normalized else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        try outputGradient.expectShape(xHat.shape, in: "BatchNorm backward")
        let outer = xHat.shape[0]
        let inner = xHat.shape.dropFirst(2).reduce(1, *)
        let count = Float(outer * inner)
        var sumGradient = [Float](repeating: 0, count: features)
        var sumGradientXHat = [Float](repeating: 0, count: features)
        outputGradient.withUnsafeBufferPointer { dy in
            xHat.withUnsafeBufferPointer { h in
                for n in 0..<outer {
                    for c in 0..<features {
                        let offset = (n * features + c) * inner
                        var s: Float = 0, sh: Float = 0
                        for i in 0..<inner { s += dy[offset + i]; sh += dy[offset + i] * h[offset + i] }
                        sumGradient[c] += s
                        sumGradientXHat[c] += sh
                    }
                }
            }
        }
        for c in 0..<features {
            beta.gradient.scalars[c] += sumGradient[c]
            gamma.gradient.scalars[c] += sumGradientXHat[c]
        }
        var inputGradient = Tensor(zeros: xHat.shape)
        outputGradient.withUnsafeBufferPointer { dy in
            xHat.withUnsafeBufferPointer { h in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    for n in 0..<outer {
                        for c in 0..<features {
                            let offset = (n * features + c) * inner
                            let k = gamma.value.scalars[c] * inverseDeviation[c]
                            let meanGradient = sumGradient[c] / count
                            let meanGradientXHat = sumGradientXHat[c] / count
                            for i in 0..<inner {
                                dx[offset + i] = k * (dy[offset + i] - meanGradient - h[offset + i] * meanGradientXHat)
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
