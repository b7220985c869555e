import Resampling

/// How a magnetogram of any size was brought to the network's input size, stored with the
/// weights (inside ``InputPreprocessing``) so that a model is always fed the way it was trained.
///
/// This is a description only: NeuralCore holds no magnetogram code. The Datasets module's
/// `InputGeometryMapping` carries it out (forward for `SamplePreparation`, inverse for maps
/// brought back onto a magnetogram) with the Magnetogram module's TensorFlow-exact resizing.
/// The method is the Resampling module's `ResizeMethod`, the one name both modules use; its
/// raw values (`bilinear`, `bicubic`, `nearest`) are the spellings stored with the weights.
///
/// - ``resize(width:height:method:)``: the papers' way. Every active region is interpolated to
///   one pixel size (Guastavino et al. 2022, Sect. 3: 128 x 128, bilinear; Bhattacharjee et al.
///   2020, Sect. 4.1: 128 x 128 or 256 x 256, bicubic), so the pixel scale differs per region.
/// - ``resolutionPreserving(scale:width:height:method:)``: beyond the papers, every region is
///   resampled to one physical pixel scale, then centre-cropped or zero-padded to the size
///   (Bhattacharjee et al. Sect. 4.4 show that resizing lets a network learn the region's size
///   from the resolution).
///
/// In JSON (snake_case keys):
/// ```json
/// {"kind": "resize", "width": 128, "height": 128, "method": "bilinear"}
/// {"kind": "resolution_preserving", "degrees_per_pixel": 0.06, "width": 128, "height": 128, "method": "bilinear"}
/// {"kind": "resolution_preserving", "megametres_per_pixel": 0.73, "width": 128, "height": 128, "method": "bilinear"}
/// ```
///
/// ```swift
/// var preprocessing = InputPreprocessing()
/// preprocessing.geometry = .resize(width: 128, height: 128, method: .bilinear)
/// ```
public enum InputGeometry: Codable, Sendable, Hashable {
    /// Interpolated to exactly `width` x `height` pixels.
    case resize(width: Int, height: Int, method: ResizeMethod)
    /// Resampled to the physical pixel `scale` on both axes, then centre-cropped or zero-padded
    /// to `width` x `height` pixels.
    case resolutionPreserving(scale: PixelScale, width: Int, height: Int, method: ResizeMethod)

    /// A physical pixel size.
    public enum PixelScale: Sendable, Hashable {
        /// Heliographic degrees per pixel (the CDELT1/CDELT2 unit of SHARP CEA maps, 0.03 at
        /// full HMI resolution).
        case degreesPerPixel(Double)
        /// Megametres per pixel on the solar surface (converted with each map's solar radius).
        case megametresPerPixel(Double)

        /// The number, whatever its unit.
        public var value: Double {
            switch self {
            case let .degreesPerPixel(value), let .megametresPerPixel(value): value
            }
        }
    }

    /// The width of the network input, pixels.
    public var width: Int {
        switch self {
        case let .resize(width, _, _), let .resolutionPreserving(_, width, _, _): width
        }
    }

    /// The height of the network input, pixels.
    public var height: Int {
        switch self {
        case let .resize(_, height, _), let .resolutionPreserving(_, _, height, _): height
        }
    }

    /// The interpolation used.
    public var method: ResizeMethod {
        switch self {
        case let .resize(_, _, method), let .resolutionPreserving(_, _, _, method): method
        }
    }

    /// Checks that the sizes and the scale are positive (and finite).
    /// - Throws: ``NeuralCoreError/invalidArgument(name:value:reason:)``.
    public func validate() throws {
        guard width > 0, height > 0 else {
            throw NeuralCoreError.invalidArgument(
                name: "input geometry size", value: "\(width)x\(height)", reason: "must be positive")
        }
        if case let .resolutionPreserving(scale, _, _, _) = self, !(scale.value > 0 && scale.value.isFinite) {
            throw NeuralCoreError.invalidArgument(
                name: "input geometry scale", value: "\(scale.value)", reason: "must be positive and finite")
        }
    }

    // MARK: Coding

    enum CodingKeys: String, CodingKey {
        case kind, width, height, method
        case degreesPerPixel = "degrees_per_pixel"
        case megametresPerPixel = "megametres_per_pixel"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        let width = try container.decode(Int.self, forKey: .width)
        let height = try container.decode(Int.self, forKey: .height)
        let method = try container.decode(ResizeMethod.self, forKey: .method)
        switch kind {
        case "resize":
            self = .resize(width: width, height: height, method: method)
        case "resolution_preserving":
            let degrees = try container.decodeIfPresent(Double.self, forKey: .degreesPerPixel)
            let megametres = try container.decodeIfPresent(Double.self, forKey: .megametresPerPixel)
            switch (degrees, megametres) {
            case let (degrees?, nil):
                self = .resolutionPreserving(scale: .degreesPerPixel(degrees), width: width, height: height, method: method)
            case let (nil, megametres?):
                self = .resolutionPreserving(
                    scale: .megametresPerPixel(megametres), width: width, height: height, method: method)
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .degreesPerPixel, in: container,
                    debugDescription: "a resolution-preserving geometry needs exactly one of degrees_per_pixel and megametres_per_pixel")
            }
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: "unknown input geometry kind '\(kind)' (resize or resolution_preserving)")
        }
        do {
            try validate()
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .width, in: container, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .resize:
            try container.encode("resize", forKey: .kind)
        case let .resolutionPreserving(scale, _, _, _):
            try container.encode("resolution_preserving", forKey: .kind)
            switch scale {
            case let .degreesPerPixel(value): try container.encode(value, forKey: .degreesPerPixel)
            case let .megametresPerPixel(value): try container.encode(value, forKey: .megametresPerPixel)
            }
        }
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(method, forKey: .method)
    }
}
