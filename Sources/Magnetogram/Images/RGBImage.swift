import Foundation

/// An 8-bit RGB raster, rows top to bottom (screen order, not FITS order), for composing
/// figures such as a magnetogram beside a map and its colour bar; written as PNG.
///
/// ```swift
/// var image = RGBImage(width: 64, height: 32, fill: RGBColour(red: 255, green: 255, blue: 255))
/// image.fill(x: 0, y: 0, width: 8, height: 8, with: RGBColour(red: 255, green: 0, blue: 0))
/// image.drawText("-1", x: 10, y: 10, scale: 2)
/// let png = image.upscaled(by: 4).pngData()   // 256 x 128, nearest neighbour
/// ```
public struct RGBImage: Sendable, Equatable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// `width * height * 3` bytes, row-major from the top row, R G B per pixel.
    public private(set) var bytes: [UInt8]

    /// An image of one colour (sizes below 1 are taken as 1).
    public init(width: Int, height: Int, fill: RGBColour = .white) {
        self.width = max(1, width)
        self.height = max(1, height)
        bytes = [UInt8](repeating: 0, count: self.width * self.height * 3)
        self.fill(x: 0, y: 0, width: self.width, height: self.height, with: fill)
    }

    /// The pixel at column `x`, row `y` (row 0 at the top); writes outside the image are ignored,
    /// reads outside it give black.
    public subscript(x: Int, y: Int) -> RGBColour {
        get {
            guard x >= 0, x < width, y >= 0, y < height else { return .black }
            let i = (y * width + x) * 3
            return RGBColour(red: bytes[i], green: bytes[i + 1], blue: bytes[i + 2])
        }
        set {
            guard x >= 0, x < width, y >= 0, y < height else { return }
            let i = (y * width + x) * 3
            bytes[i] = newValue.red; bytes[i + 1] = newValue.green; bytes[i + 2] = newValue.blue
        }
    }

    /// Fills a rectangle (clipped to the image).
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with colour: RGBColour) {
        for row in max(0, y)..<max(max(0, y), min(height, y + h)) {
            for column in max(0, x)..<max(max(0, x), min(width, x + w)) { self[column, row] = colour }
        }
    }

    /// Copies `image` with its top-left corner at (`x`, `y`) (clipped to this image).
    public mutating func draw(_ image: RGBImage, x: Int, y: Int) {
        for row in 0..<image.height {
            for column in 0..<image.width { self[x + column, y + row] = image[column, row] }
        }
    }

    /// The image enlarged `factor` times in both directions by repeating pixels (nearest
    /// neighbour, so no value is blended); a factor below 2 returns the image itself.
    public func upscaled(by factor: Int) -> RGBImage {
        guard factor > 1 else { return self }
        var result = RGBImage(width: width * factor, height: height * factor)
        for y in 0..<result.height {
            for x in 0..<result.width { result[x, y] = self[x / factor, y / factor] }
        }
        return result
    }

    /// The image as an RGB PNG.
    public func pngData() -> Data {
        PNGEncoder.encode(width: width, height: height, channels: 3, pixels: bytes)
    }
}
