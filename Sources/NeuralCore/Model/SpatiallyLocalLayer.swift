/// A sliding window over the two spatial axes of NCHW activations: each output position reads
/// a `kernelHeight` x `kernelWidth` window of the input, moved by the strides, with the
/// ``Padding`` rule of Keras.
public struct SlidingWindow {
    /// The window's height and width.
    public var kernelHeight: Int, kernelWidth: Int
    /// The vertical and horizontal stride.
    public var strideHeight: Int, strideWidth: Int
    /// The padding rule of the layer.
    public var padding: Padding
    /// The value the padding amounts to: 0 for a convolution, minus infinity for a max pool.
    public var padValue: Float
    /// The same layer (same weights) with `valid` padding: applied to an input window padded
    /// explicitly with ``padValue``, it gives the layer's output over that window. It is a
    /// separate instance that may be run on other threads than the layer itself.
    public var validCopy: any Layer

    /// The window with the given sizes, padding and copy.
    public init(
        kernelHeight: Int, kernelWidth: Int, strideHeight: Int, strideWidth: Int, padding: Padding, padValue: Float,
        validCopy: any Layer
    ) {
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.padding = padding
        self.padValue = padValue
        self.validCopy = validCopy
    }
}

/// Which input positions an output position of a ``SpatiallyLocalLayer`` depends on, at
/// inference.
public enum SpatialDependence {
    /// Only the same position (all its channels); the output has the input's shape
    /// (activations, an inference-mode ``BatchNorm``, ``Dropout``).
    case pointwise
    /// A window around it (``Conv2D``, ``MaxPool2D``).
    case slidingWindow(SlidingWindow)
}

/// A layer whose inference output at each spatial position depends only on the input near that
/// position. The incremental occlusion recomputes such a layer only over the windows a mask
/// changes, from a description of that dependence.
public protocol SpatiallyLocalLayer: Layer {
    /// How the output depends on the input at inference.
    /// - Throws: ``NeuralCoreError`` if the description cannot be made (for example, the valid
    ///   copy cannot be built).
    func spatialDependence() throws -> SpatialDependence
}
