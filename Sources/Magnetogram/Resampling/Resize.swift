import Resampling

extension Magnetogram {
    /// The magnetogram resized to `width` x `height` pixels; the pixel scales grow or shrink
    /// accordingly (the result records its new degrees per pixel). The pixels are
    /// `Resampler.resize` of the grid (TensorFlow-exact); NaN propagates through the taps it
    /// touches, as in TensorFlow.
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)`` for a non-positive size.
    public func resized(width newWidth: Int, height newHeight: Int, method: ResizeMethod = .bicubic) throws -> Magnetogram {
        guard newWidth > 0, newHeight > 0 else {
            throw MagnetogramError.invalidArgument(name: "resize target", value: "\(newWidth)x\(newHeight)", reason: "must be positive")
        }
        let result = try Resampler.resize(pixels, width: width, height: height, toWidth: newWidth, toHeight: newHeight, method: method)
        return with(
            width: newWidth, height: newHeight, pixels: result,
            scaleX: scaleX * Double(width) / Double(newWidth), scaleY: scaleY * Double(height) / Double(newHeight))
    }
}
