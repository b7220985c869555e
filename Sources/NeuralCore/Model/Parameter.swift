/// A named, learnable (or tracked) tensor owned by a layer, with its accumulated gradient.
///
/// Trainable parameters (kernels, biases, BatchNorm's gamma and beta) are updated by an
/// ``Optimizer``; non-trainable ones (BatchNorm's moving statistics) are updated by the layer
/// itself in training mode. Both kinds are saved in weight files.
public final class Parameter {
    /// The current value.
    public var value: Tensor
    /// The gradient accumulated by `backward` since the last ``zeroGradient()``.
    /// Always has the same shape as ``value``; zero for non-trainable parameters.
    public var gradient: Tensor
    /// Whether an optimizer updates this parameter.
    public let isTrainable: Bool
    /// The L2 regularisation coefficient lambda: `lambda * sum(value^2)` is added to the loss
    /// and `2 * lambda * value` to the gradient (Keras's `regularizers.L2`). Zero by default.
    public var l2: Float

    /// Creates a parameter with a zero gradient.
    public init(_ value: Tensor, isTrainable: Bool = true, l2: Float = 0) {
        self.value = value
        self.gradient = Tensor(zerosLike: value)
        self.isTrainable = isTrainable
        self.l2 = l2
    }

    /// Sets the accumulated gradient to zero, keeping its storage.
    public func zeroGradient() {
        gradient.withUnsafeMutableBufferPointer { buffer in
            buffer.update(repeating: 0)
        }
    }

    /// Replaces the value, checking that the shape is unchanged.
    public func assign(_ newValue: Tensor, name: String = "parameter") throws {
        try newValue.expectShape(value.shape, in: "assigning \(name)")
        value = newValue
    }
}
