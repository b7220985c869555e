/// A layer whose inference-mode map can be differentiated with respect to its input, which
/// is what saliency and Grad-CAM need (NeuralCore's ``Layer/backward(_:)`` follows a
/// training-mode forward pass instead).
///
/// The default implementation suits a layer whose training-mode forward pass computes the
/// same values as its inference one (convolution, dense, pooling, flatten, activations): it
/// runs that pass, which caches what `backward` needs, and uses `backward` as the pullback.
/// A layer that differs between the modes implements the requirement itself: ``BatchNorm``
/// differentiates its moving-statistics map (``ChannelAffineAtInference``), ``Dropout`` is the
/// identity. Containers need nothing: their ``ComposedLayer/composition`` composes their
/// sublayers' pullbacks.
///
/// ```swift
/// extension Dense: InferenceDifferentiable {}
/// ```
public protocol InferenceDifferentiable: Layer {
    /// The inference-mode output for `input` and the pullback of the inference-mode map at
    /// `input`: a function from dLoss/dOutput to dLoss/dInput. The pullback may accumulate
    /// parameter gradients, and holds until the layer runs again.
    func inferenceWithPullback(_ input: Tensor) throws -> (output: Tensor, pullback: (Tensor) throws -> Tensor)
}

extension InferenceDifferentiable {
    /// The training-mode forward pass and ``Layer/backward(_:)``: right for a layer that
    /// computes the same values in both modes.
    public func inferenceWithPullback(_ input: Tensor) throws -> (output: Tensor, pullback: (Tensor) throws -> Tensor) {
        let output = try forward(input, mode: .training)
        return (output, { try self.backward($0) })
    }
}
