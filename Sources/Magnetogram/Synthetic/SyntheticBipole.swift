import Foundation

/// Synthetic magnetograms of uniform-field circular regions (Bhattacharjee et al. 2020,
/// Sect. 4.4, Figs. 7-11): the probes the paper feeds a trained network.
///
/// ```swift
/// let bipole = try SyntheticBipole(arrangement: .positiveNegative, radius: 10, field: 1000,
///                                  width: 256, height: 256, degreesPerPixel: 0.03)
/// let map = bipole.magnetogram()
/// ```
public struct SyntheticBipole: Sendable, Equatable {
    /// Which polarities sit side by side along x, left to right.
    public enum Arrangement: String, Sendable, CaseIterable, Codable {
        case positiveNegative = "+-"
        case negativePositive = "-+"
        case negativePositiveNegative = "-+-"
        case positive = "+"
        case negative = "-"

        /// The sign of each region, left to right.
        public var signs: [Float] { rawValue.map { $0 == "+" ? 1 : -1 } }
    }

    /// The polarities.
    public var arrangement: Arrangement
    /// Region radius, Mm.
    public var radius: Double
    /// Field strength of every region, gauss (> 0; the sign comes from the arrangement).
    public var field: Float
    /// Distance between neighbouring centres, Mm (2 x radius: touching).
    public var separation: Double
    /// Image size in pixels.
    public var width: Int
    public var height: Int
    /// Pixel scale, degrees per pixel on both axes.
    public var degreesPerPixel: Double
    /// Solar radius for the degree-to-Mm conversion (1 degree = RSUN_REF x pi / 180), metres.
    public var solarRadius: Double

    /// Creates the probe; the separation defaults to touching regions.
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)`` for non-positive sizes.
    public init(
        arrangement: Arrangement, radius: Double, field: Float, separation: Double? = nil,
        width: Int, height: Int, degreesPerPixel: Double, solarRadius: Double = Magnetogram.standardSolarRadius
    ) throws {
        guard radius > 0, field > 0, width > 0, height > 0, degreesPerPixel > 0, solarRadius > 0 else {
            throw MagnetogramError.invalidArgument(
                name: "bipole", value: "radius \(radius) Mm, field \(field) G, \(width)x\(height), \(degreesPerPixel) deg/px",
                reason: "sizes, field and scale must be positive")
        }
        let spacing = separation ?? 2 * radius
        guard spacing >= 0, spacing.isFinite else {
            throw MagnetogramError.invalidArgument(name: "bipole separation", value: "\(spacing) Mm", reason: "must be >= 0")
        }
        self.arrangement = arrangement
        self.radius = radius
        self.field = field
        self.separation = spacing
        self.width = width
        self.height = height
        self.degreesPerPixel = degreesPerPixel
        self.solarRadius = solarRadius
    }

    /// Megametres per pixel.
    public var megametresPerPixel: Double { degreesPerPixel * solarRadius * .pi / 180 / 1e6 }

    /// The total unsigned flux of the regions in closed form: n |B| pi r^2, in Mx (regions that
    /// do not overlap and lie inside the image). The drawn magnetogram's flux is within 1% of it
    /// when every region lies inside the image and is at least one pixel in radius (three
    /// regions: ten pixels, since the pixels straddling the two points where opposite regions
    /// touch hold net, partly cancelled, flux); with an even number of regions the touching
    /// point in the middle falls on a pixel boundary, so nothing cancels.
    public var closedFormUnsignedFlux: Double {
        Double(arrangement.signs.count) * Double(field) * .pi * radius * radius * 1e16   // Mm^2 to cm^2
    }

    /// The magnetogram: each pixel holds the field times the fraction of its area inside each
    /// region (16 x 16 subsamples), so edges are anti-aliased and the flux matches the closed
    /// form closely.
    public func magnetogram() -> Magnetogram {
        let perPixel = megametresPerPixel
        let r = radius / perPixel                       // radius in pixels
        let signs = arrangement.signs
        // An even number of regions touch in the middle: on a pixel boundary, so that no pixel
        // holds both polarities there.
        let centreX = signs.count % 2 == 0 ? (Double(width) / 2).rounded(.down) : Double(width) / 2
        let centreY = Double(height) / 2
        let step = separation / perPixel
        let centres = signs.indices.map { centreX + (Double($0) - Double(signs.count - 1) / 2) * step }
        var pixels = [Float](repeating: 0, count: width * height)
        let samples = 16
        for (k, cx) in centres.enumerated() {
            let value = field * signs[k]
            let x0 = max(0, Int((cx - r).rounded(.down))), x1 = min(width - 1, Int((cx + r).rounded(.up)))
            let y0 = max(0, Int((centreY - r).rounded(.down))), y1 = min(height - 1, Int((centreY + r).rounded(.up)))
            guard x0 <= x1, y0 <= y1 else { continue }
            for y in y0...y1 {
                for x in x0...x1 {
                    var inside = 0
                    for sy in 0..<samples {
                        let py = Double(y) + (Double(sy) + 0.5) / Double(samples) - centreY
                        for sx in 0..<samples {
                            let px = Double(x) + (Double(sx) + 0.5) / Double(samples) - cx
                            if px * px + py * py <= r * r { inside += 1 }
                        }
                    }
                    pixels[y * width + x] += value * Float(inside) / Float(samples * samples)
                }
            }
        }
        // The size and scales were validated in init.
        return Magnetogram(
            validatedWidth: width, height: height, pixels: pixels, scaleX: degreesPerPixel, scaleY: degreesPerPixel,
            solarRadius: solarRadius)
    }
}
