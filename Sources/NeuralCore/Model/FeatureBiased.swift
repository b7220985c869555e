/// A layer whose output ends with a per-feature bias (axis 1) and nothing after it: a
/// convolution or dense layer without a fused activation.
public protocol FeatureBiased: Layer {
    /// The bias that is added last, or `nil` (no bias, or an activation follows it).
    var trailingBias: Parameter? { get }
}
