extension BatchNorm: ChannelAffineAtInference, InferenceDifferentiable {
    /// The moving-statistics map `gamma (x - mean) / sqrt(variance + epsilon) + beta` per
    /// feature, then the fused activation.
    public var inferenceChannelAffine: ChannelAffineMap {
        let affine = inferenceAffine
        return ChannelAffineMap(scale: affine.scale, shift: affine.shift, activation: activation)
    }

    /// The moving-statistics map and its gradient (the training-mode pass would use batch
    /// statistics instead).
    public func inferenceWithPullback(_ input: Tensor) throws -> (output: Tensor, pullback: (Tensor) throws -> Tensor) {
        try channelAffineInferenceWithPullback(input)
    }
}
