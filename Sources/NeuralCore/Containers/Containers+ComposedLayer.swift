extension Sequential: ComposedLayer {
    /// Each layer feeds the next.
    public var composition: LayerComposition { .chain }
}

extension ConcatenatedBranches: ComposedLayer {
    /// Every branch takes the input; their outputs are concatenated along the channels.
    public var composition: LayerComposition { .branches }
}
