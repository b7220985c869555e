import Foundation
import Magnetogram

/// The FITS magnetogram a map explains: its header and size, from which the map's header takes
/// the world coordinates (rescaled to the map's size, see `FITSWorldCoordinates`) and the
/// SHARP keywords that identify the region and time.
///
/// ```swift
/// let source = try SensitivityMapSource(fitsAt: "hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits")
/// source.width, source.height                 // 744, 377
/// source.worldCoordinates?.header.card("CTYPE1")?.value   // "'CRLN-CEA'"
/// ```
public struct SensitivityMapSource: Sendable, Equatable {
    /// The SHARP keywords copied into a map's header, when present.
    public static let sharpKeywords = ["HARPNUM", "T_REC", "NOAA_ARS", "NOAA_AR", "NOAA_NUM"]

    /// The file, as given.
    public let path: String
    /// The image header of the file.
    public let header: FITSHeader
    /// The image's columns (NAXIS1).
    public let width: Int
    /// The image's rows (NAXIS2).
    public let height: Int
    /// The image's world coordinates, or `nil` when its header has none.
    public let worldCoordinates: FITSWorldCoordinates?

    /// A source from a header and the size of its image.
    /// - Throws: The errors of `FITSWorldCoordinates.init(header:width:height:)` (a WCS
    ///   keyword that is not a number, a zero CDELT, a non-positive size).
    public init(header: FITSHeader, width: Int, height: Int, path: String) throws {
        self.path = path
        self.header = header
        self.width = width
        self.height = height
        worldCoordinates = try FITSWorldCoordinates(header: header, width: width, height: height)
    }

    /// The image header and size of the FITS file at `path` (the image the reader finds, as
    /// `Magnetogram` reads it).
    /// - Throws: The reader's `MagnetogramError`s, and those of ``init(header:width:height:path:)``.
    public init(fitsAt path: String) throws {
        let image = try FITSReader().readImage(at: path)
        try self.init(header: image.header, width: image.width, height: image.height, path: path)
    }

    /// The SHARP keywords of the header (``sharpKeywords``, those present), as written.
    public var sharpCards: [FITSCard] {
        Self.sharpKeywords.compactMap { header.card($0) }
    }
}
