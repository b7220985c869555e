import Foundation

extension Magnetogram {
    /// The grey level of a field value: black at -saturation, white at +saturation, NaN black.
    static func grey(_ value: Float, saturation: Float) -> UInt8 {
        guard value.isFinite else { return 0 }
        let clipped = min(max(value, -saturation), saturation)
        return UInt8(((clipped + saturation) / (2 * saturation) * 255).rounded())
    }

    /// An 8-bit grayscale PNG saturated at +-`saturation` gauss (500 G, the paper's Fig. 12
    /// convention), north up: FITS row 0 (the bottom row) is the PNG's last row.
    public func grayscalePNG(saturation: Float = 500) -> Data {
        var bytes = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width { bytes[(height - 1 - y) * width + x] = Self.grey(self[x, y], saturation: saturation) }
        }
        return PNGEncoder.encode(width: width, height: height, channels: 1, pixels: bytes)
    }

    /// An RGB PNG of the grayscale image with the pixels where `mask` is true drawn in red
    /// (the highlighted region of an occlusion map).
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)`` when the mask's size differs.
    public func overlayPNG(mask: [Bool], saturation: Float = 500) throws -> Data {
        guard mask.count == pixels.count else {
            throw MagnetogramError.invalidArgument(
                name: "mask", value: "\(mask.count) values", reason: "needs one per pixel (\(pixels.count))")
        }
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let target = ((height - 1 - y) * width + x) * 3
                if mask[y * width + x] {
                    bytes[target] = 255; bytes[target + 1] = 0; bytes[target + 2] = 0
                } else {
                    let g = Self.grey(self[x, y], saturation: saturation)
                    bytes[target] = g; bytes[target + 1] = g; bytes[target + 2] = g
                }
            }
        }
        return PNGEncoder.encode(width: width, height: height, channels: 3, pixels: bytes)
    }
}
