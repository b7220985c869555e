/// A per-channel affine map followed by a fused activation:
/// `y[n, c, ...] = activation(scale[c] * x[n, c, ...] + shift[c])`.
public struct ChannelAffineMap: Sendable, Equatable {
    /// The factor of each channel (axis 1).
    public var scale: [Float]
    /// The offset of each channel.
    public var shift: [Float]
    /// The activation applied after the affine map.
    public var activation: PointwiseActivation

    /// The map with the given factors, offsets and activation.
    public init(scale: [Float], shift: [Float], activation: PointwiseActivation = .identity) {
        self.scale = scale
        self.shift = shift
        self.activation = activation
    }
}

/// A layer whose inference-mode map is a ``ChannelAffineMap`` (``BatchNorm`` with its moving
/// statistics). A convolution right before it folds the map into its kernel and bias at
/// inference (``InferenceFusing``), and ``channelAffineInferenceWithPullback(_:)`` gives its
/// inference-mode gradient.
public protocol ChannelAffineAtInference: Layer {
    /// The map the layer computes at inference, from its current values.
    var inferenceChannelAffine: ChannelAffineMap { get }
}

extension ChannelAffineAtInference {
    /// The inference-mode output for `input` and the pullback of the map:
    /// `dx = scale[c] * activation'(y) * dy` per channel, the derivative read off the output.
    /// - Throws: The layer's shape errors; the pullback throws
    ///   ``NeuralCoreError/shapeMismatch(operation:expected:actual:)`` for a gradient that is
    ///   not shaped like the output.
    public func channelAffineInferenceWithPullback(
        _ input: Tensor
    ) throws -> (output: Tensor, pullback: (Tensor) throws -> Tensor) {
        let output = try forward(input, mode: .inference)
        let map = inferenceChannelAffine
        let features = map.scale.count, scale = map.scale
        let slope = map.activation.negativeSlope
        let inner = input.shape.dropFirst(2).reduce(1, *)
        let operation = "\(kind) inference gradient"
        return (output, { outputGradient in
            try outputGradient.expectShape(output.shape, in: operation)
            var gradient = outputGradient
            output.withUnsafeBufferPointer { y in
                gradient.withUnsafeMutableBufferPointer { dy in
                    for row in 0..<(dy.count / max(1, inner)) {
                        let factor = scale[row % features]
                        for i in (row * inner)..<((row + 1) * inner) {
                            dy[i] *= y[i] > 0 ? factor : factor * slope
                        }
                    }
                }
            }
            return gradient
        })
    }
}
