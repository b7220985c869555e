/// How raw magnetogram values become network input, stored with the weights so that a model
/// is always fed the way it was trained.
///
/// The values: NaN (off-disk or missing pixels) replaced by ``nanFill``, then clipped to
/// ±``clip`` gauss, then multiplied by ``scale``. The papers feed the field in gauss as it is:
/// the defaults fill NaN with 0 and neither clip nor scale.
///
/// The geometry (optional, for files written before it existed): how the magnetogram was
/// brought to the network's size (``geometry``) and whether southern-hemisphere regions were
/// normalised for Hale's and Joy's laws (``haleJoyNormalization``). These two need the
/// magnetogram itself and are carried out by the Datasets module's `SamplePreparation`;
/// ``apply(to:)`` does the value steps only.
///
/// In JSON: `{"nan_fill": 0, "clip": 1500, "scale": 0.001, "geometry": {...}, "hale_joy": true}`,
/// where `clip`, `geometry` and `hale_joy` may be absent (no clipping, geometry unknown, no
/// normalisation). A preprocessing without geometry or normalisation encodes exactly as before
/// these fields existed, so old and new weight files read each other.
///
/// ```swift
/// var preprocessing = InputPreprocessing(nanFill: 0, clip: 1500, scale: 1e-3)
/// preprocessing.geometry = .resize(width: 128, height: 128, method: .bilinear)
/// preprocessing.apply(to: &tensor)       // fill, clip, scale
/// ```
public struct InputPreprocessing: Codable, Sendable, Equatable {
    /// The value that replaces NaN.
    public var nanFill: Float
    /// Symmetric clipping bound in the input's units (`nil`: no clipping).
    public var clip: Float?
    /// The factor applied last (`1`: none).
    public var scale: Float
    /// How the magnetogram was brought to the network's input size (`nil`: not recorded; the
    /// Datasets module then resizes bilinearly to the model's input size, as the papers did).
    public var geometry: InputGeometry?
    /// Whether southern-hemisphere regions (latitude < 0) have their polarity reversed (Hale's
    /// law) and are flipped about the horizontal axis (Joy's law), as Bhattacharjee et al.
    /// (2020, Sect. 4.4) retrained their CNN.
    public var haleJoyNormalization: Bool

    /// Creates a preprocessing; the default fills NaN with 0 and changes nothing else.
    public init(
        nanFill: Float = 0, clip: Float? = nil, scale: Float = 1, geometry: InputGeometry? = nil,
        haleJoyNormalization: Bool = false
    ) {
        self.nanFill = nanFill
        self.clip = clip
        self.scale = scale
        self.geometry = geometry
        self.haleJoyNormalization = haleJoyNormalization
    }

    enum CodingKeys: String, CodingKey {
        case nanFill = "nan_fill", clip, scale, geometry
        case haleJoyNormalization = "hale_joy"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        nanFill = try container.decode(Float.self, forKey: .nanFill)
        clip = try container.decodeIfPresent(Float.self, forKey: .clip)
        scale = try container.decode(Float.self, forKey: .scale)
        geometry = try container.decodeIfPresent(InputGeometry.self, forKey: .geometry)
        haleJoyNormalization = try container.decodeIfPresent(Bool.self, forKey: .haleJoyNormalization) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nanFill, forKey: .nanFill)
        try container.encodeIfPresent(clip, forKey: .clip)
        try container.encode(scale, forKey: .scale)
        try container.encodeIfPresent(geometry, forKey: .geometry)
        if haleJoyNormalization { try container.encode(true, forKey: .haleJoyNormalization) }
    }

    /// Applies the value steps (NaN fill, clip, scale) in place; not the geometry nor the
    /// Hale/Joy normalisation.
    public func apply(to tensor: inout Tensor) {
        tensor.withUnsafeMutableBufferPointer { apply(to: $0) }
    }

    /// Applies the value steps (NaN fill, clip, scale) to `values` in place.
    public func apply(to values: UnsafeMutableBufferPointer<Float>) {
        let fill = nanFill, bound = clip, factor = scale
        for i in 0..<values.count {
            var v = values[i].isNaN ? fill : values[i]
            if let bound { v = min(max(v, -bound), bound) }
            values[i] = v * factor
        }
    }
}
