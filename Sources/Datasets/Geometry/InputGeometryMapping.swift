import Magnetogram
import NeuralCore
import Resampling

/// The one owner of how a magnetogram's pixels become the network input's pixels, and back:
/// the ``InputGeometry`` (a resize, or a resampling to one physical scale with the window
/// centred in the resampled frame) followed by the Hale/Joy flip about the horizontal axis.
///
/// - ``forward(_:)``: magnetogram → input grid, as ``SamplePreparation`` feeds a network (the
///   polarity reversal of the Hale/Joy normalisation is a value step and stays there).
/// - ``inverse(_:method:)``: a map on the input grid → the magnetogram's grid, as
///   explanations are shown (the flip undone; for a resolution-preserving geometry the map
///   placed in the resampled frame, zero where the crop cut the region off; then resized back,
///   bicubic by default as Bhattacharjee et al. 2020, Sect. 4.5 resize occlusion maps).
/// - ``inputPoint(x:y:)`` and ``magnetogramPoint(x:y:)``: the same mapping for one point
///   (pixel coordinates with half-pixel centres, as the resize).
///
/// Rows keep the magnetogram's FITS order (row 0 at the bottom).
///
/// ```swift
/// let mapping = try InputGeometryMapping(.resize(width: 128, height: 128, method: .bilinear),
///                                        magnetogram: map, flipped: false)
/// let input = try mapping.forward(map)                  // 128 * 128 values
/// let back = try mapping.inverse(occlusionValues)       // map.width * map.height values
/// ```
public struct InputGeometryMapping: Sendable, Hashable {
    /// How the magnetogram is brought to the input size.
    public let geometry: InputGeometry
    /// The magnetogram's width, pixels.
    public let magnetogramWidth: Int
    /// The magnetogram's height, pixels.
    public let magnetogramHeight: Int
    /// Whether the input is flipped about the horizontal axis (a southern region under the
    /// Hale/Joy normalisation).
    public let isFlipped: Bool
    /// The resampled frame of a resolution-preserving geometry (`nil` for a resize).
    public let frame: PhysicalScaleFrame?

    /// The mapping of `geometry` for `magnetogram` (its size, pixel scales and solar radius).
    /// - Throws: `MagnetogramError.invalidArgument` for a non-positive size or scale.
    public init(_ geometry: InputGeometry, magnetogram: Magnetogram, flipped: Bool) throws {
        self.geometry = geometry
        magnetogramWidth = magnetogram.width
        magnetogramHeight = magnetogram.height
        isFlipped = flipped
        switch geometry {
        case .resize:
            frame = nil
        case let .resolutionPreserving(scale, width, height, _):
            frame = try PhysicalScaleFrame(
                magnetogram, degreesPerPixel: Self.degreesPerPixel(scale, of: magnetogram), width: width, height: height)
        }
    }

    /// The input's width, pixels.
    public var width: Int { geometry.width }
    /// The input's height, pixels.
    public var height: Int { geometry.height }

    /// The forward: the magnetogram's pixels on the input grid (row-major, ``width`` x
    /// ``height``), resized or resampled and cropped with Magnetogram's TensorFlow-exact
    /// resizing, then flipped when ``isFlipped``. NaN propagates through the resize.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for a magnetogram of another
    ///   size than the mapping's; Magnetogram's errors from the resize.
    public func forward(_ magnetogram: Magnetogram) throws -> [Float] {
        guard magnetogram.width == magnetogramWidth, magnetogram.height == magnetogramHeight else {
            throw DatasetsError.invalidValue(
                what: "magnetogram for the input geometry", value: "\(magnetogram.width)x\(magnetogram.height)",
                reason: "the mapping was made for \(magnetogramWidth)x\(magnetogramHeight)")
        }
        var grid: [Float]
        switch geometry {
        case let .resize(width, height, method):
            grid = try magnetogram.resized(width: width, height: height, method: method).pixels
        case let .resolutionPreserving(scale, width, height, method):
            grid = try magnetogram.resampled(
                toScale: Self.degreesPerPixel(scale, of: magnetogram), width: width, height: height,
                method: method).magnetogram.pixels
        }
        if isFlipped { Self.flipRows(&grid, width: width, height: height) }
        return grid
    }

    /// The inverse: a map on the input grid (row-major, ``width`` x ``height``) on the
    /// magnetogram's grid (``magnetogramWidth`` x ``magnetogramHeight``): unflipped, placed in
    /// the resampled frame for a resolution-preserving geometry, then resized with `method`.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for a map of another size.
    public func inverse(_ map: [Float], method: ResizeMethod = .bicubic) throws -> [Float] {
        guard map.count == width * height else {
            throw DatasetsError.invalidValue(
                what: "map on the input grid", value: "\(map.count) values", reason: "needs one per input pixel (\(height)x\(width))")
        }
        var grid = map
        if isFlipped { Self.flipRows(&grid, width: width, height: height) }
        var (gridWidth, gridHeight) = (width, height)
        if let frame {
            grid = try frame.place(grid)
            (gridWidth, gridHeight) = (frame.frameWidth, frame.frameHeight)
        }
        return try Resampler.resize(
            grid, width: gridWidth, height: gridHeight, toWidth: magnetogramWidth, toHeight: magnetogramHeight, method: method)
    }

    /// Where the magnetogram point (`x`, `y`) (pixel units, pixel centres at integers) lands on
    /// the input grid; outside `0..<width` or `0..<height` when the crop cut it off.
    public func inputPoint(x: Double, y: Double) -> (x: Double, y: Double) {
        let (scaledWidth, scaledHeight) = frame.map { ($0.frameWidth, $0.frameHeight) } ?? (width, height)
        let u = (x + 0.5) * Double(scaledWidth) / Double(magnetogramWidth) - 0.5 - Double(frame?.x0 ?? 0)
        let v = (y + 0.5) * Double(scaledHeight) / Double(magnetogramHeight) - 0.5 - Double(frame?.y0 ?? 0)
        return (u, isFlipped ? Double(height - 1) - v : v)
    }

    /// Where the input point (`x`, `y`) lies on the magnetogram: the inverse of
    /// ``inputPoint(x:y:)``.
    public func magnetogramPoint(x: Double, y: Double) -> (x: Double, y: Double) {
        let (scaledWidth, scaledHeight) = frame.map { ($0.frameWidth, $0.frameHeight) } ?? (width, height)
        let v = isFlipped ? Double(height - 1) - y : y
        let u = x + Double(frame?.x0 ?? 0), w = v + Double(frame?.y0 ?? 0)
        return ((u + 0.5) * Double(magnetogramWidth) / Double(scaledWidth) - 0.5,
                (w + 0.5) * Double(magnetogramHeight) / Double(scaledHeight) - 0.5)
    }

    /// A physical scale in degrees per pixel on `magnetogram` (megametres through its solar radius).
    static func degreesPerPixel(_ scale: InputGeometry.PixelScale, of magnetogram: Magnetogram) -> Double {
        switch scale {
        case let .degreesPerPixel(value): value
        case let .megametresPerPixel(value): value / magnetogram.megametresPerDegree
        }
    }

    /// Reverses the order of the rows of a row-major grid (the Hale/Joy flip and its inverse).
    static func flipRows(_ grid: inout [Float], width: Int, height: Int) {
        for y in 0..<(height / 2) {
            for x in 0..<width { grid.swapAt(y * width + x, (height - 1 - y) * width + x) }
        }
    }
}
