import Resampling

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
    /// reporting how much unsigned flux the crop discarded. ``PhysicalScaleFrame`` holds the
    /// frame and window arithmetic (and the inverse, for maps brought back).
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)`` for a non-positive
    ///   scale or size.
    public func resampled(
        toScale degreesPerPixel: Double, width targetWidth: Int, height targetHeight: Int,
        method: ResizeMethod = .bicubic
    ) throws -> ScaledCrop {
        let frame = try PhysicalScaleFrame(self, degreesPerPixel: degreesPerPixel, width: targetWidth, height: targetHeight)
        var scaled = try resized(width: frame.frameWidth, height: frame.frameHeight, method: method)
        scaled.scaleX = degreesPerPixel
        scaled.scaleY = degreesPerPixel
        let totalFlux = scaled.unsignedFlux()
        let result = try frame.crop(scaled.pixels)
        let cropped = scaled.with(
            width: targetWidth, height: targetHeight, pixels: result, scaleX: degreesPerPixel, scaleY: degreesPerPixel)
        let kept = cropped.unsignedFlux()
        return ScaledCrop(magnetogram: cropped, discardedFluxFraction: totalFlux > 0 ? max(0, 1 - kept / totalFlux) : 0)
    }
}
