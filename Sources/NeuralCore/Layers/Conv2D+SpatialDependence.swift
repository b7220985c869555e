extension Conv2D: SpatiallyLocalLayer {
    /// A window of the kernel's size, padded with zeros; the valid copy shares nothing with
    /// this layer but its weights' values.
    public func spatialDependence() throws -> SpatialDependence {
        let c = configuration
        var generator = SeededGenerator(seed: 0)
        let copy = try Conv2D(
            .init(inChannels: c.inChannels, filters: c.filters, kernelHeight: c.kernelHeight, kernelWidth: c.kernelWidth,
                  strideHeight: c.strideHeight, strideWidth: c.strideWidth, padding: .valid, useBias: c.useBias,
                  activation: c.activation),
            generator: &generator)
        copy.kernel.value = kernel.value
        if let bias { copy.bias?.value = bias.value }
        return .slidingWindow(SlidingWindow(
            kernelHeight: c.kernelHeight, kernelWidth: c.kernelWidth, strideHeight: c.strideHeight,
            strideWidth: c.strideWidth, padding: c.padding, padValue: 0, validCopy: copy))
    }
}
