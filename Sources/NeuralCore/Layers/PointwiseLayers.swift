// The layers whose inference output at each position depends only on the input there.

extension BatchNorm: SpatiallyLocalLayer {
    /// Pointwise: a per-channel affine map at inference.
    public func spatialDependence() throws -> SpatialDependence { .pointwise }
}

extension Dropout: SpatiallyLocalLayer {
    /// Pointwise: the identity at inference.
    public func spatialDependence() throws -> SpatialDependence { .pointwise }
}

extension ElementwiseActivation {
    /// Pointwise: a function of each value alone.
    public func spatialDependence() throws -> SpatialDependence { .pointwise }
}

extension ReLU: SpatiallyLocalLayer {}
extension LeakyReLU: SpatiallyLocalLayer {}
extension Identity: SpatiallyLocalLayer {}
extension Sigmoid: SpatiallyLocalLayer {}
extension Tanh: SpatiallyLocalLayer {}
