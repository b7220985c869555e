extension Sequential {
    /// Backpropagates through `layer`, leaving `next`'s exactly-zero contribution out of the
    /// gradient of a bias that feeds a shift-invariant layer directly.
    ///
    /// A bias right before a BatchNorm in training mode has a gradient of exactly zero: the
    /// batch mean removes it. In floating point the gradient is rounding noise instead, which
    /// Adam divides by its own tiny magnitude and turns into real steps that depend on the
    /// summation order, so on the thread and rank count. FlareKit keeps the exact zero.
    func backward(through layer: any Layer, before next: (any Layer)?, _ gradient: Tensor) throws -> Tensor {
        guard next is any FeatureShiftInvariant, let bias = (layer as? any FeatureBiased)?.trailingBias else {
            return try layer.backward(gradient)
        }
        let before = bias.gradient
        let inputGradient = try layer.backward(gradient)
        bias.gradient = before
        return inputGradient
    }
}
