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
        try overlayImage(mask: mask, saturation: saturation).pngData()
    }

    /// The raster of ``overlayPNG(mask:saturation:)``, north up (FITS row 0 is the last row),
    /// for composing a figure.
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)`` when the mask's size differs.
    public func overlayImage(mask: [Bool], saturation: Float = 500) throws -> RGBImage {
        guard mask.count == pixels.count else {
            throw MagnetogramError.invalidArgument(
                name: "mask", value: "\(mask.count) values", reason: "needs one per pixel (\(pixels.count))")
        }
        var image = RGBImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                image[x, height - 1 - y] = mask[y * width + x] ? .red : RGBColour(grey: Self.grey(self[x, y], saturation: saturation))
            }
        }
        return image
    }
}
