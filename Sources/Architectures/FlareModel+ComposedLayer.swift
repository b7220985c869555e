import NeuralCore

extension FlareModel: ComposedLayer {
    /// The network's layers, one after the other.
    public var composition: LayerComposition { .chain }
}
