/// The inference pass of a layer together with the layers right after it that it absorbs,
/// computed in one go (see ``InferenceFusing``).
public struct InferenceFusion {
    /// How many of the following layers the pass includes (at least one).
    public var absorbedLayers: Int
    /// Maps the first layer's input to the last absorbed layer's inference output. It reads
    /// the layers' current values (weights, statistics) each time it runs.
    public var forward: (Tensor) throws -> Tensor

    /// A pass covering this layer and the next `absorbedLayers` layers.
    public init(absorbedLayers: Int, forward: @escaping (Tensor) throws -> Tensor) {
        self.absorbedLayers = absorbedLayers
        self.forward = forward
    }
}

/// A layer that, at inference, can run together with the layers that follow it in a
/// ``Sequential``: a convolution folds a per-channel affine map after it (an inference-mode
/// ``BatchNorm``, see ``ChannelAffineAtInference``) into its kernel and bias and pools band by
/// band while its output is in cache.
///
/// A ``Sequential`` asks each such layer once, on its first inference forward pass, and keeps
/// the resulting plan until a layer is appended: so the answer may depend on the layers'
/// configuration (sizes, strides, fused activations) but not on values that training
/// changes, which ``InferenceFusion/forward`` reads when it runs. The fused result must equal
/// the layers run one by one, up to rounding.
public protocol InferenceFusing: Layer {
    /// The pass of this layer with the first layers of `following` (the layers after it in
    /// the chain, in order), or `nil` when it absorbs none of them.
    func inferenceFusion(absorbing following: [any Layer]) -> InferenceFusion?
}
