extension MaxPool2D: SpatiallyLocalLayer {
    /// A window of the pool's size, padded with minus infinity (what Keras's `same` padding
    /// amounts to for a max).
    public func spatialDependence() throws -> SpatialDependence {
        let copy = try MaxPool2D(
            poolHeight: poolHeight, poolWidth: poolWidth, strideHeight: strideHeight, strideWidth: strideWidth, padding: .valid)
        return .slidingWindow(SlidingWindow(
            kernelHeight: poolHeight, kernelWidth: poolWidth, strideHeight: strideHeight, strideWidth: strideWidth,
            padding: padding, padValue: -.infinity, validCopy: copy))
    }
}
