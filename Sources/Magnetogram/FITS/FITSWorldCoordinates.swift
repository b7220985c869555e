import Foundation

/// The world coordinate system (WCS) of a 2-D FITS image and the observer keywords that go
/// with it, taken from a header so that another image of the same patch of Sun can carry it,
/// rescaled when that image has another size.
///
/// The cards kept are the linear WCS of both axes (CTYPE, CUNIT, CRPIX, CRVAL, CDELT, CROTA2,
/// the PC or CD matrix, LONPOLE/LATPOLE, WCSNAME) and the observer's time and position
/// (DATE-OBS, T_OBS, RSUN_REF, RSUN_OBS, DSUN_OBS, CRLN_OBS/CRLT_OBS, HGLN_OBS/HGLT_OBS,
/// CAR_ROT), in header order, as present.
///
/// ``resampled(width:height:)`` describes the same area on a grid of another size: with
/// `s = new / old` per axis and FITS pixel `i` covering `[i - 0.5, i + 0.5]`, the new reference
/// pixel is `(CRPIX - 0.5) s + 0.5` and the new increment `CDELT / s`; a PC matrix becomes
/// `PC_ij s_i / s_j`, a CD matrix `CD_ij / s_j`, CROTA2 stays.
///
/// ```swift
/// let wcs = try FITSWorldCoordinates(header: image.header, width: 744, height: 377)
/// let half = try wcs?.resampled(width: 372, height: 377)
/// try half?.header.double("CDELT1")   // 0.06 for a CDELT1 of 0.03
/// try half?.header.double("CRPIX1")   // 186.5 for a CRPIX1 of 372.5
/// ```
public struct FITSWorldCoordinates: Sendable, Equatable {
    /// The columns (NAXIS1) of the image described.
    public let width: Int
    /// The rows (NAXIS2) of the image described.
    public let height: Int
    /// The WCS and observer cards, in the source header's order.
    public let header: FITSHeader

    /// The keywords kept from a header.
    public static let keywords: [String] = [
        "WCSNAME", "CTYPE1", "CTYPE2", "CUNIT1", "CUNIT2", "CRPIX1", "CRPIX2", "CRVAL1", "CRVAL2",
        "CDELT1", "CDELT2", "CROTA2", "PC1_1", "PC1_2", "PC2_1", "PC2_2", "CD1_1", "CD1_2", "CD2_1", "CD2_2",
        "LONPOLE", "LATPOLE", "DATE-OBS", "T_OBS", "RSUN_REF", "RSUN_OBS", "DSUN_OBS", "CRLN_OBS", "CRLT_OBS",
        "HGLN_OBS", "HGLT_OBS", "CAR_ROT",
    ]

    /// The WCS of an image of `width` x `height` with `header`, or `nil` when the header has
    /// no celestial axes (CTYPE1, CTYPE2, CRPIX1/2, CRVAL1/2 and CDELT1/2 or a CD matrix).
    /// - Throws: ``MagnetogramError/invalidKeyword(path:keyword:value:expected:)`` for a kept
    ///   numeric keyword that is not a finite number, or a zero CDELT;
    ///   ``MagnetogramError/invalidArgument(name:value:reason:)`` for a non-positive size.
    public init?(header source: FITSHeader, width: Int, height: Int) throws {
        try Self.checkSize(width, height)
        let required = ["CTYPE1", "CTYPE2", "CRPIX1", "CRPIX2", "CRVAL1", "CRVAL2"]
        let hasScale = source.contains("CDELT1") && source.contains("CDELT2") || source.contains("CD1_1")
        guard required.allSatisfy(source.contains), hasScale else { return nil }
        let kept = Set(Self.keywords)
        var cards: [FITSCard] = []
        for card in source.cards where kept.contains(card.keyword) && card.value != nil
            && !cards.contains(where: { $0.keyword == card.keyword }) {
            if Self.numericKeywords.contains(card.keyword) {
                guard let value = try source.double(card.keyword), value.isFinite else {
                    throw MagnetogramError.invalidKeyword(
                        path: source.path, keyword: card.keyword, value: card.value ?? "", expected: "a finite number")
                }
                if card.keyword.hasPrefix("CDELT"), value == 0 {
                    throw MagnetogramError.invalidKeyword(
                        path: source.path, keyword: card.keyword, value: card.value ?? "", expected: "a non-zero increment")
                }
            }
            cards.append(card)
        }
        self.init(width: width, height: height, header: FITSHeader(cards: cards, path: source.path))
    }

    private init(width: Int, height: Int, header: FITSHeader) {
        self.width = width
        self.height = height
        self.header = header
    }

    /// The same WCS for a grid of `newWidth` x `newHeight` pixels covering the same area.
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)`` for a non-positive size.
    public func resampled(width newWidth: Int, height newHeight: Int) throws -> FITSWorldCoordinates {
        try Self.checkSize(newWidth, newHeight)
        if newWidth == width, newHeight == height { return self }
        let scale = [Double(newWidth) / Double(width), Double(newHeight) / Double(height)]
        var result = header
        func rescale(_ keyword: String, _ transform: (Double) -> Double) throws {
            guard let card = header.card(keyword), let value = try header.double(keyword) else { return }
            result.set(FITSCard(keyword: keyword, double: transform(value), comment: card.comment))
        }
        for axis in 1...2 {
            let s = scale[axis - 1]
            try rescale("CRPIX\(axis)") { ($0 - 0.5) * s + 0.5 }
            try rescale("CDELT\(axis)") { $0 / s }
            for j in 1...2 {
                try rescale("PC\(axis)_\(j)") { $0 * s / scale[j - 1] }
                try rescale("CD\(axis)_\(j)") { $0 / scale[j - 1] }
            }
        }
        return FITSWorldCoordinates(width: newWidth, height: newHeight, header: result)
    }

    /// The kept keywords whose values must be finite numbers.
    static let numericKeywords: Set<String> = [
        "CRPIX1", "CRPIX2", "CRVAL1", "CRVAL2", "CDELT1", "CDELT2", "CROTA2", "PC1_1", "PC1_2", "PC2_1", "PC2_2",
        "CD1_1", "CD1_2", "CD2_1", "CD2_2",
    ]

    private static func checkSize(_ width: Int, _ height: Int) throws {
        guard width > 0, height > 0 else {
            throw MagnetogramError.invalidArgument(
                name: "WCS image size", value: "\(width)x\(height)", reason: "must be positive")
        }
    }
}
