extension Conv2D: InferenceFusing {
    /// Absorbs, in this order and each if present: a per-channel affine map over its filters
    /// (``ChannelAffineAtInference``, an inference-mode ``BatchNorm``), folded into the kernel
    /// and bias with the map's activation applied in the same pass, when the convolution has
    /// no activation of its own; then a max pool it can pool band by band
    /// (`canFusePooling(_:)`). Runs `inferenceForward(_:affine:activation:pool:)`.
    public func inferenceFusion(absorbing following: [any Layer]) -> InferenceFusion? {
        var absorbed = 0
        var normalisation: (any ChannelAffineAtInference)?
        if configuration.activation == .identity, let candidate = following.first as? any ChannelAffineAtInference,
           candidate.inferenceChannelAffine.scale.count == configuration.filters {
            normalisation = candidate
            absorbed += 1
        }
        var pool: MaxPool2D?
        if absorbed < following.count, let candidate = following[absorbed] as? MaxPool2D, canFusePooling(candidate) {
            pool = candidate
            absorbed += 1
        }
        guard absorbed > 0 else { return nil }
        return InferenceFusion(absorbedLayers: absorbed) { [self] input in
            let map = normalisation?.inferenceChannelAffine
            return try inferenceForward(
                input, affine: map.map { ChannelAffine(scale: $0.scale, shift: $0.shift) },
                activation: map?.activation ?? configuration.activation, pool: pool)
        }
    }
}
