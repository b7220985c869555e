import CSupport

/// An activation fused into the layer that produces its input (``Conv2D``, ``BatchNorm``),
/// saving a pass over the activations and their gradients. Its derivative is taken from the
/// output, so only monotone activations with a non-negative slope are offered.
public enum PointwiseActivation: Sendable, Equatable {
    /// No activation.
    case identity
    /// max(x, 0).
    case relu
    /// x for x > 0, slope * x otherwise (slope >= 0).
    case leakyReLU(slope: Float)

    /// The slope for negative inputs (0 for ReLU, 1 for the identity).
    var negativeSlope: Float {
        switch self {
        case .identity: return 1
        case .relu: return 0
        case let .leakyReLU(slope): return slope
        }
    }

    func validate() throws {
        if case let .leakyReLU(slope) = self, !(slope >= 0 && slope.isFinite) {
            throw NeuralCoreError.invalidArgument(
                name: "fused LeakyReLU slope", value: "\(slope)", reason: "must be finite and >= 0")
        }
    }

    /// Applies the activation in place.
    @inline(__always)
    func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let slope = negativeSlope
        if slope == 1 { return }
        flarekit_leaky_relu(values, count, slope)
    }

    /// Writes `gradient` times the derivative into `result` (which may be `gradient`), the
    /// derivative read off the activation's `output`.
    @inline(__always)
    func backpropagate(
        output: UnsafePointer<Float>, gradient: UnsafePointer<Float>, into result: UnsafeMutablePointer<Float>, count: Int
    ) {
        let slope = negativeSlope
        if slope == 1 {
            if result != UnsafeMutablePointer(mutating: gradient) { result.update(from: gradient, count: count) }
            return
        }
        flarekit_leaky_relu_backward(output, gradient, result, count, slope)
    }

    /// The gradient through the activation for `outputGradient`, given the activation's
    /// `output` of the same shape: a new tensor (no copy of `outputGradient` first), or
    /// `outputGradient` itself for the identity.
    func backpropagate(_ outputGradient: Tensor, output: Tensor) -> Tensor {
        if negativeSlope == 1 { return outputGradient }
        let chunk = 1 << 16
        return Tensor(uninitialized: outputGradient.shape) { result in
            output.withUnsafeBufferPointer { y in
                outputGradient.withUnsafeBufferPointer { dy in
                    let ys = SendableConstPointer(y.baseAddress!), dys = SendableConstPointer(dy.baseAddress!)
                    let rs = SendablePointer(result.baseAddress!)
                    let count = result.count
                    Parallel.forEachChunk((count + chunk - 1) / chunk, costPerItem: chunk) { chunks in
                        let start = chunks.lowerBound * chunk, end = min(count, chunks.upperBound * chunk)
                        backpropagate(output: ys.base + start, gradient: dys.base + start, into: rs.base + start, count: end - start)
                    }
                }
            }
        }
    }
}
