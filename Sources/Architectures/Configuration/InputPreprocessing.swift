import NeuralCore

/// How raw magnetogram values become network input, stored with the weights so that a model
/// is always fed the way it was trained: NaN (off-disk or missing pixels) replaced by
/// ``nanFill``, then clipped to ±``clip`` gauss, then multiplied by ``scale``.
public struct InputPreprocessing: Codable, Sendable, Equatable {
    /// The value that replaces NaN.
    public var nanFill: Float
    /// Symmetric clipping bound in the input's units (`nil`: no clipping).
    public var clip: Float?
    /// The factor applied last (`1`: none).
    public var scale: Float

    /// Creates a preprocessing; the default fills NaN with 0 and changes nothing else.
    public init(nanFill: Float = 0, clip: Float? = nil, scale: Float = 1) {
        self.nanFill = nanFill
        self.clip = clip
        self.scale = scale
    }

    enum CodingKeys: String, CodingKey { case nanFill = "nan_fill", clip, scale }

    /// Applies the preprocessing in place.
    public func apply(to tensor: inout Tensor) {
        let fill = nanFill, bound = clip, factor = scale
        tensor.withUnsafeMutableBufferPointer { values in
            for i in 0..<values.count {
                var v = values[i].isNaN ? fill : values[i]
                if let bound { v = min(max(v, -bound), bound) }
                values[i] = v * factor
            }
        }
    }
}
