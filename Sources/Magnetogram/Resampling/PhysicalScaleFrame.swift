/// Where the network's window sits in a map resampled to one physical pixel scale: the
/// arithmetic of ``Magnetogram/resampled(toScale:width:height:method:)``, shared by its forward
/// (``crop(_:)``) and its inverse (``place(_:)``).
///
/// A map of `mapWidth` x `mapHeight` pixels of `scaleX` x `scaleY` degrees resampled to
/// `degreesPerPixel` is a frame of ``frameWidth`` x ``frameHeight`` pixels (rounded, at least
/// one); the ``width`` x ``height`` window is centred in it, its first pixel at frame column
/// ``x0`` and row ``y0`` (negative: the window is larger and padded with zeros).
///
/// ```swift
/// // 20 x 12 pixels of 0.03 deg at 0.06 deg: a 10 x 6 frame; an 8 x 8 window at (1, -1).
/// let frame = try PhysicalScaleFrame(mapWidth: 20, mapHeight: 12, scaleX: 0.03, scaleY: 0.03,
///                                    degreesPerPixel: 0.06, width: 8, height: 8)
/// let window = try frame.crop(resampled)      // 8 x 8
/// let back = try frame.place(window)          // 10 x 6, zero where the window cut the frame off
/// ```
public struct PhysicalScaleFrame: Sendable, Hashable {
    /// The width of the resampled map, pixels.
    public let frameWidth: Int
    /// The height of the resampled map, pixels.
    public let frameHeight: Int
    /// The width of the window (the network input), pixels.
    public let width: Int
    /// The height of the window, pixels.
    public let height: Int
    /// The frame column of the window's first column (negative: padding on the left).
    public let x0: Int
    /// The frame row of the window's first row (negative: padding below).
    public let y0: Int

    /// The frame of a map resampled to `degreesPerPixel` with a `width` x `height` window.
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)`` for a non-positive
    ///   scale or size.
    public init(
        mapWidth: Int, mapHeight: Int, scaleX: Double, scaleY: Double, degreesPerPixel: Double, width: Int, height: Int
    ) throws {
        guard degreesPerPixel > 0, degreesPerPixel.isFinite else {
            throw MagnetogramError.invalidArgument(name: "target scale", value: "\(degreesPerPixel) deg/pixel", reason: "must be positive")
        }
        guard width > 0, height > 0 else {
            throw MagnetogramError.invalidArgument(name: "target size", value: "\(width)x\(height)", reason: "must be positive")
        }
        frameWidth = max(1, Int((Double(mapWidth) * scaleX / degreesPerPixel).rounded()))
        frameHeight = max(1, Int((Double(mapHeight) * scaleY / degreesPerPixel).rounded()))
        self.width = width
        self.height = height
        x0 = (frameWidth - width) / 2
        y0 = (frameHeight - height) / 2
    }

    /// The frame of `magnetogram` (its size and pixel scales) resampled to `degreesPerPixel`.
    /// - Throws: as ``init(mapWidth:mapHeight:scaleX:scaleY:degreesPerPixel:width:height:)``.
    public init(_ magnetogram: Magnetogram, degreesPerPixel: Double, width: Int, height: Int) throws {
        try self.init(
            mapWidth: magnetogram.width, mapHeight: magnetogram.height, scaleX: magnetogram.scaleX,
            scaleY: magnetogram.scaleY, degreesPerPixel: degreesPerPixel, width: width, height: height)
    }

    /// The forward: the window of a frame (row-major, `frameWidth * frameHeight` values), zero
    /// where it reaches beyond the frame.
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)`` for a grid of another size.
    public func crop(_ frame: [Float]) throws -> [Float] {
        try Self.check(frame, frameWidth, frameHeight, "frame")
        var window = [Float](repeating: 0, count: width * height)
        for y in 0..<height where y + y0 >= 0 && y + y0 < frameHeight {
            for x in 0..<width where x + x0 >= 0 && x + x0 < frameWidth {
                window[y * width + x] = frame[(y + y0) * frameWidth + x + x0]
            }
        }
        return window
    }

    /// The inverse: a window (row-major, `width * height` values) placed in a frame of zeros,
    /// dropping what lies beyond the frame (the padding).
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)`` for a grid of another size.
    public func place(_ window: [Float]) throws -> [Float] {
        try Self.check(window, width, height, "window")
        var frame = [Float](repeating: 0, count: frameWidth * frameHeight)
        for y in 0..<height where y + y0 >= 0 && y + y0 < frameHeight {
            for x in 0..<width where x + x0 >= 0 && x + x0 < frameWidth {
                frame[(y + y0) * frameWidth + x + x0] = window[y * width + x]
            }
        }
        return frame
    }

    private static func check(_ grid: [Float], _ width: Int, _ height: Int, _ name: String) throws {
        guard grid.count == width * height else {
            throw MagnetogramError.invalidArgument(
                name: "\(name) of the physical-scale frame", value: "\(grid.count) values", reason: "needs \(width) x \(height)")
        }
    }
}
