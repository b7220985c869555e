/// Interpolation for resizing, each as TensorFlow's `tf.image.resize(..., antialias=False)`
/// computes it (half-pixel centres: the input coordinate of output index i is
/// (i + 0.5) * in / out - 0.5).
///
/// The one name of the three methods: the Magnetogram module resizes with it and NeuralCore's
/// `InputGeometry` stores it with the weights. The raw values are the spellings in JSON
/// (weights metadata, manifests, run records) and on the command line.
///
/// ```swift
/// let method = ResizeMethod(rawValue: "bilinear")    // .bilinear
/// ```
public enum ResizeMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// Keys cubic convolution with a = -0.5; taps outside the image get weight 0 and the rest
    /// are renormalised (TensorFlow's `ResizeBicubic` with half-pixel centres; Bhattacharjee et
    /// al. 2020, Sect. 4.1).
    case bicubic
    /// Linear interpolation between the two nearest pixels, clamped at the edges (Guastavino et
    /// al. 2022, Sect. 3).
    case bilinear
    /// The pixel whose cell contains floor((i + 0.5) * in / out).
    case nearest
}
