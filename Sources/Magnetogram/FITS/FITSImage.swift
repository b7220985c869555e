import Foundation

/// A 2-D image read from a FITS file: Float32 pixels in physical units (BSCALE and BZERO
/// applied), row-major `[NAXIS2][NAXIS1]` (row 0 is the first row stored, FITS's y = 1), with
/// BLANK / ZBLANK pixels, NaN and infinities as NaN.
///
/// ```swift
/// let image = try FITSReader().readImage(at: "hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits")
/// image.width, image.height          // 744, 377
/// image.hduIndex, image.compressed   // 1, true (RICE_1)
/// image.bitpix                       // 32 (ZBITPIX of the stored integers)
/// image[188, 372]                    // 1040.7 (row, column)
/// try image.header.double("CDELT1")  // 0.03
/// ```
public struct FITSImage: Sendable, Equatable {
    /// The file the image came from.
    public var path: String
    /// The HDU the image is in, 0-based (0 = primary).
    public var hduIndex: Int
    /// NAXIS1: pixels per row.
    public var width: Int
    /// NAXIS2: rows.
    public var height: Int
    /// BITPIX of the stored data (ZBITPIX for a compressed image): 8, 16, 32, 64, -32 or -64.
    public var bitpix: Int
    /// Whether the image is tile-compressed (then ``compression`` describes how).
    public var compressed: Bool
    /// The pixels, `height * width` values, row-major.
    public var pixels: [Float]
    /// The image header. For a compressed image this is the header of the image it stores, as
    /// astropy presents it: ZBITPIX, ZNAXISn, ... become BITPIX, NAXISn, and the table and
    /// compression keywords are left out (they are in ``compression``).
    public var header: FITSHeader
    /// The tile compression, `nil` for an uncompressed image.
    public var compression: FITSCompression?
    /// How many stored pixels were +inf or -inf (they are NaN in ``pixels``, as every other
    /// undefined pixel), when the reader was asked to count them
    /// (``FITSReadOptions/countsInfinitePixels``); ``statistics`` counts them apart from NaN.
    public var infinitePixelCount = 0

    /// An image from its parts; `pixels.count` must be `width * height`.
    ///
    /// - Throws: `MagnetogramError.invalidArgument` when the sizes disagree.
    public init(
        path: String, hduIndex: Int = 0, width: Int, height: Int, bitpix: Int = -32, compressed: Bool = false,
        pixels: [Float], header: FITSHeader = FITSHeader(cards: []), compression: FITSCompression? = nil
    ) throws {
        guard width >= 0, height >= 0, width.multipliedReportingOverflow(by: height) == (pixels.count, false) else {
            throw MagnetogramError.invalidArgument(
                name: "pixels", value: "\(pixels.count)", reason: "a \(height) x \(width) image needs \(width * height) pixels")
        }
        self.path = path
        self.hduIndex = hduIndex
        self.width = width
        self.height = height
        self.bitpix = bitpix
        self.compressed = compressed
        self.pixels = pixels
        self.header = header
        self.compression = compression
    }

    /// `[NAXIS2, NAXIS1]`.
    public var shape: [Int] { [height, width] }

    /// The pixel at `row` (0 ..< height) and `column` (0 ..< width).
    public subscript(row: Int, column: Int) -> Float {
        pixels[row * width + column]
    }

    /// NaN, infinite and finite counts, min, max, mean and sum of |value| over the finite pixels.
    public var statistics: FITSImageStatistics {
        var statistics = FITSImageStatistics(pixels: pixels)
        let infinite = min(infinitePixelCount, statistics.nanCount)
        statistics.nanCount -= infinite
        statistics.infiniteCount += infinite
        return statistics
    }
}
