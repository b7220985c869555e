import Foundation

/// A line-of-sight magnetogram: a row-major grid of field values (gauss, or Mx cm^-2), its
/// pixel scale in degrees per pixel along x and y, and the SHARP metadata it came with.
///
/// The grid is `[height][width]` in FITS order (row 0 is the bottom row as FITS stores it;
/// FlareKit never reorders rows silently). Pixels may be NaN (no data).
public struct Magnetogram: Sendable, Equatable {
    /// Columns (NAXIS1).
    public private(set) var width: Int
    /// Rows (NAXIS2).
    public private(set) var height: Int
    /// The field, row-major, `width * height` values.
    public var pixels: [Float]
    /// Degrees per pixel along x (CDELT1).
    public var scaleX: Double
    /// Degrees per pixel along y (CDELT2).
    public var scaleY: Double
    /// The solar radius used for physical lengths, metres (RSUN_REF; 696 Mm by default).
    public var solarRadius: Double
    /// The header's SHARP keywords, when the magnetogram came from a file.
    public var metadata: SHARPMetadata?

    /// The default solar radius, metres (RSUN_REF of the HMI pipeline).
    public static let standardSolarRadius = 696_000_000.0

    /// Creates a magnetogram, checking that the pixel count matches the size and the scales
    /// are positive.
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)``.
    public init(
        width: Int, height: Int, pixels: [Float], scaleX: Double, scaleY: Double,
        solarRadius: Double = Magnetogram.standardSolarRadius, metadata: SHARPMetadata? = nil
    ) throws {
        guard width > 0, height > 0, pixels.count == width * height else {
            throw MagnetogramError.invalidArgument(
                name: "magnetogram size", value: "\(width)x\(height) with \(pixels.count) pixels",
                reason: "needs positive sizes and width * height pixels")
        }
        guard scaleX > 0, scaleY > 0, scaleX.isFinite, scaleY.isFinite else {
            throw MagnetogramError.invalidArgument(
                name: "pixel scale", value: "\(scaleX) x \(scaleY) deg/pixel", reason: "must be positive and finite")
        }
        guard solarRadius > 0, solarRadius.isFinite else {
            throw MagnetogramError.invalidArgument(name: "solar radius", value: "\(solarRadius) m", reason: "must be positive")
        }
        self.init(validatedWidth: width, height: height, pixels: pixels, scaleX: scaleX, scaleY: scaleY, solarRadius: solarRadius)
        self.metadata = metadata
    }

    /// An initialiser for values the caller has already validated.
    init(validatedWidth width: Int, height: Int, pixels: [Float], scaleX: Double, scaleY: Double, solarRadius: Double) {
        self.width = width
        self.height = height
        self.pixels = pixels
        self.scaleX = scaleX
        self.scaleY = scaleY
        self.solarRadius = solarRadius
        self.metadata = nil
    }

    /// The value at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Float {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// Megametres per degree of heliographic arc: RSUN_REF x pi / 180.
    public var megametresPerDegree: Double { solarRadius * .pi / 180 / 1e6 }

    /// The same grid with new pixels of another size (internal: the caller keeps the invariant).
    func with(width: Int, height: Int, pixels: [Float], scaleX: Double, scaleY: Double) -> Magnetogram {
        var copy = self
        copy.width = width
        copy.height = height
        copy.pixels = pixels
        copy.scaleX = scaleX
        copy.scaleY = scaleY
        return copy
    }
}
