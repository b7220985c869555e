/// A layer whose training-mode output does not change when a constant per feature (axis 1) is
/// added to its input: BatchNorm, which subtracts the batch mean of every feature.
public protocol FeatureShiftInvariant: Layer {}
