/// How a ``ComposedLayer`` applies its ``Layer/sublayers``.
public enum LayerComposition: Sendable, Equatable {
    /// Each sublayer feeds the next; the last one's output is the layer's (``Sequential``).
    case chain
    /// Every sublayer takes the layer's input, and their outputs are concatenated along axis 1
    /// (``ConcatenatedBranches``).
    case branches
}

/// A layer that is its ``Layer/sublayers`` and nothing else: what it computes follows from
/// theirs and from its ``composition``. The compute cost, the summary, the incremental
/// occlusion and the gradient tape of the explanations look through such a layer to its
/// sublayers, so a new layer placed inside it needs nothing from the container.
///
/// ```swift
/// extension Sequential: ComposedLayer {
///     public var composition: LayerComposition { .chain }
/// }
/// ```
public protocol ComposedLayer: Layer {
    /// How the sublayers combine.
    var composition: LayerComposition { get }
}
