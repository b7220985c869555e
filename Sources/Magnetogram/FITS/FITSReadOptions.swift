/// What ``FITSReader`` reads and the limits it enforces before allocating.
///
/// ```swift
/// var options = FITSReadOptions()
/// options.hdu = 1                       // this HDU, not the first image found
/// options.maximumPixelCount = 1 << 24   // refuse anything larger than 4096 x 4096
/// let image = try FITSReader(options: options).readImage(at: path)
/// ```
public struct FITSReadOptions: Sendable, Equatable {
    /// The HDU to read (0-based), or `nil` for the first HDU that holds an image: the primary
    /// array when it has data, else the first image extension (compressed or not).
    public var hdu: Int?
    /// The largest image (in pixels) to decompress or read: 2^28 by default (1 GiB of Float32,
    /// 16 full-disk 4096 x 4096 HMI images). Uncompressed images are also checked against the
    /// bytes the file holds, whatever this cap.
    public var maximumPixelCount: Int
    /// Whether axes beyond the second of length 1 (NAXIS3 = 1, ...) are accepted as 2-D.
    public var acceptsDegenerateAxes: Bool
    /// Whether to count the infinite pixels of a floating-point image apart from NaN
    /// (``FITSImage/infinitePixelCount``; it costs a second read of the pixels, so only
    /// ``FITSInspection`` asks for it). Off by default.
    public var countsInfinitePixels = false

    /// The defaults: first image HDU, 2^28 pixels at most, degenerate axes accepted.
    public init(hdu: Int? = nil, maximumPixelCount: Int = 1 << 28, acceptsDegenerateAxes: Bool = true) {
        self.hdu = hdu
        self.maximumPixelCount = maximumPixelCount
        self.acceptsDegenerateAxes = acceptsDegenerateAxes
    }
}
