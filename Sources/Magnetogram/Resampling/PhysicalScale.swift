extension Magnetogram {
    /// The result of ``resampled(toScale:width:height:method:)``.
    public struct ScaledCrop: Sendable {
        /// The magnetogram at the requested scale and size.
        public var magnetogram: Magnetogram
        /// The fraction of the resampled map's unsigned flux that the crop discarded (0 when
        /// the map was only padded).
        public var discardedFluxFraction: Double
    }

    /// Beyond the papers: resizing every active region to one pixel size makes a network learn
    /// the region's size from the pixel scale. This keeps physical scale instead: resample to
    /// `degreesPerPixel` on both axes, then centre-crop or zero-pad to `width` x `height`,
    /// reporting how much unsigned flux the crop discarded.
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)`` for a non-positive
    ///   scale or size.
    public func resampled(
        toScale degreesPerPixel: Double, width targetWidth: Int, height targetHeight: Int,
        method: ResizeMethod = .bicubic
    ) throws -> ScaledCrop {
        guard degreesPerPixel > 0, degreesPerPixel.isFinite else {
            throw MagnetogramError.invalidArgument(name: "target scale", value: "\(degreesPerPixel) deg/pixel", reason: "must be positive")
        }
        guard targetWidth > 0, targetHeight > 0 else {
            throw MagnetogramError.invalidArgument(name: "target size", value: "\(targetWidth)x\(targetHeight)", reason: "must be positive")
        }
        let scaledWidth = max(1, Int((Double(width) * scaleX / degreesPerPixel).rounded()))
        let scaledHeight = max(1, Int((Double(height) * scaleY / degreesPerPixel).rounded()))
        var scaled = try resized(width: scaledWidth, height: scaledHeight, method: method)
        scaled.scaleX = degreesPerPixel
        scaled.scaleY = degreesPerPixel
        let totalFlux = scaled.unsignedFlux()
        // Offsets of the target window in the scaled map (negative: padding).
        let x0 = (scaledWidth - targetWidth) / 2, y0 = (scaledHeight - targetHeight) / 2
        var result = [Float](repeating: 0, count: targetWidth * targetHeight)
        for y in 0..<targetHeight {
            let sy = y + y0
            guard sy >= 0, sy < scaledHeight else { continue }
            for x in 0..<targetWidth {
                let sx = x + x0
                guard sx >= 0, sx < scaledWidth else { continue }
                result[y * targetWidth + x] = scaled.pixels[sy * scaledWidth + sx]
            }
        }
        let cropped = scaled.with(
            width: targetWidth, height: targetHeight, pixels: result, scaleX: degreesPerPixel, scaleY: degreesPerPixel)
        let kept = cropped.unsignedFlux()
        return ScaledCrop(magnetogram: cropped, discardedFluxFraction: totalFlux > 0 ? max(0, 1 - kept / totalFlux) : 0)
    }
}
