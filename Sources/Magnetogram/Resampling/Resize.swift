import Foundation

/// Interpolation for resizing, each as TensorFlow's `tf.image.resize(..., antialias=False)`
/// computes it (half-pixel centres: the input coordinate of output index i is
/// (i + 0.5) * in / out - 0.5).
public enum ResizeMethod: String, Sendable, CaseIterable, Codable {
    /// Keys cubic convolution with a = -0.5; taps outside the image get weight 0 and the rest
    /// are renormalised (TensorFlow's `ResizeBicubic` with half-pixel centres).
    case bicubic
    /// Linear interpolation between the two nearest pixels, clamped at the edges.
    case bilinear
    /// The pixel whose cell contains floor((i + 0.5) * in / out).
    case nearest
}

extension Magnetogram {
    /// The magnetogram resized to `width` x `height` pixels; the pixel scales grow or shrink
    /// accordingly (the result records its new degrees per pixel). NaN propagates through the
    /// taps it touches, as in TensorFlow.
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
