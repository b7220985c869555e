extension Magnetogram {
    /// B -> -B.
    public func reversingPolarity() -> Magnetogram {
        var copy = self
        for i in copy.pixels.indices { copy.pixels[i] = -copy.pixels[i] }
        return copy
    }

    /// Rows in reverse order: the flip about the horizontal axis (north-south, Joy's law).
    public func flippedVertically() -> Magnetogram {
        var result = pixels
        for y in 0..<height {
            let source = (height - 1 - y) * width
            for x in 0..<width { result[y * width + x] = pixels[source + x] }
        }
        return with(width: width, height: height, pixels: result, scaleX: scaleX, scaleY: scaleY)
    }

    /// Columns in reverse order (east-west).
    public func flippedHorizontally() -> Magnetogram {
        var result = pixels
        for y in 0..<height {
            for x in 0..<width { result[y * width + x] = pixels[y * width + width - 1 - x] }
        }
        return with(width: width, height: height, pixels: result, scaleX: scaleX, scaleY: scaleY)
    }

    /// A rotation by a multiple of 90 degrees, counter-clockwise in the (x, y) grid as stored;
    /// 90 and 270 swap the width and height and the x and y pixel scales.
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)`` for other angles.
    public func rotated(byDegrees degrees: Int) throws -> Magnetogram {
        let turns = ((degrees % 360) + 360) % 360
        guard turns % 90 == 0 else {
            throw MagnetogramError.invalidArgument(name: "rotation", value: "\(degrees) degrees", reason: "must be a multiple of 90")
        }
        switch turns {
        case 0:
            return self
        case 180:
            return with(width: width, height: height, pixels: pixels.reversed(), scaleX: scaleX, scaleY: scaleY)
        default:
            // New grid: width' = height, height' = width.
            var result = [Float](repeating: 0, count: pixels.count)
            for y in 0..<height {
                for x in 0..<width {
                    let (nx, ny) = turns == 90 ? (height - 1 - y, x) : (y, width - 1 - x)
                    result[ny * height + nx] = pixels[y * width + x]
                }
            }
            return with(width: height, height: width, pixels: result, scaleX: scaleY, scaleY: scaleX)
        }
    }

    /// Every finite value clipped to [-limit, limit] gauss (NaN stays NaN).
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)`` for a negative limit.
    public func clipped(to limit: Float) throws -> Magnetogram {
        guard limit >= 0, limit.isFinite else {
            throw MagnetogramError.invalidArgument(name: "clip limit", value: "\(limit) G", reason: "must be finite and >= 0")
        }
        var copy = self
        for i in copy.pixels.indices where copy.pixels[i].isFinite {
            copy.pixels[i] = min(max(copy.pixels[i], -limit), limit)
        }
        return copy
    }
}
