/// A layer that stands for another one in the model's names: its ``Layer/parameters`` and
/// ``Layer/sublayers`` are the wrapped layer's, under the wrapper's own name
/// (``TimeDistributed``). Walks over the model that look for layers by what they do (random
/// generators, batch shards) look at the wrapped layer in the wrapper's place.
public protocol WrappingLayer: Layer {
    /// The layer wrapped.
    var wrapped: any Layer { get }
}
