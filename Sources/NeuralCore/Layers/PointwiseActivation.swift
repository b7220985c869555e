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
        Elementwise.leakyReLU(values, count: count, slope: slope)
    }

    /// Writes `gradient` times the derivative, read off the activation's `output`, into
    /// `result` (which may be `gradient`).
    @inline(__always)
    func backpropagate(
        output: UnsafePointer<Float>, gradient: UnsafePointer<Float>, into result: UnsafeMutablePointer<Float>, count: Int
    ) {
        let slope = negativeSlope
        if slope == 1 {
            if UnsafePointer(result) != gradient { result.update(from: gradient, count: count) }
            return
        }
        Elementwise.leakyReLUGradient(output: output, gradient: gradient, into: result, count: count, slope: slope)
    }
}
