import Foundation

extension SHARPMetadata {
    /// The header keywords a `SHARPMetadata` is read from, in the order `flarekit inspect` lists them.
    public static let headerKeywords = [
        "HARPNUM", "NOAA_AR", "NOAA_ARS", "T_REC", "T_OBS", "QUALITY", "OBS_VR", "CRVAL1", "CRVAL2", "CDELT1", "CDELT2",
        "CRPIX1", "CRPIX2", "LON_FWT", "LAT_FWT", "RSUN_REF", "RSUN_OBS", "DSUN_OBS", "USFLUX", "AREA_ACR", "BUNIT",
    ]

    /// Reads the SHARP keywords of a header (a SHARP CEA segment's, or any HMI header).
    ///
    /// - A keyword that is missing, or present with an undefined value, is `nil`.
    /// - Numbers are read leniently (`2.714760e+22`; a bare `nan` is NaN, not `nil`).
    /// - NOAA_ARS, a comma list in a string (`'11158,11159'`), becomes `[11158, 11159]`; an empty
    ///   string becomes `[]`.
    /// - T_REC and T_OBS (`2011.02.15_02:00:00_TAI`, `2024.06.28_00:00:08.212_TAI`) become UTC
    ///   instants: TAI is converted with the leap-second table of ``JSOCTime`` (34 s in 2011,
    ///   37 s since 2017), so T_REC `2011.02.15_02:00:00_TAI` is 2011-02-15 01:59:26 UTC.
    /// - QUALITY is an integer, also accepted as a hexadecimal string (`'0x00000400'`).
    ///
    /// ```swift
    /// let image = try FITSReader().readImage(at: path)
    /// let metadata = try SHARPMetadata(header: image.header, path: path)
    /// metadata.harpNumber, metadata.noaaRegions   // 377, [11158]
    /// ```
    ///
    /// - Throws: `MagnetogramError.invalidKeyword` naming `path` and the keyword when a keyword is
    ///   present but cannot be read as its type.
    public init(header: FITSHeader, path: String) throws {
        var header = header
        header.path = path
        self.init()
        harpNumber = try header.integer("HARPNUM")
        noaaRegion = try header.integer("NOAA_AR")
        noaaRegions = try SHARPMetadata.regionList(header)
        recordTime = try SHARPMetadata.time("T_REC", header)
        observationTime = try SHARPMetadata.time("T_OBS", header)
        quality = try SHARPMetadata.quality(header)
        observerRadialVelocity = try header.double("OBS_VR")
        referenceLongitude = try header.double("CRVAL1")
        referenceLatitude = try header.double("CRVAL2")
        pixelScaleX = try header.double("CDELT1")
        pixelScaleY = try header.double("CDELT2")
        referencePixelX = try header.double("CRPIX1")
        referencePixelY = try header.double("CRPIX2")
        fluxWeightedLongitude = try header.double("LON_FWT")
        fluxWeightedLatitude = try header.double("LAT_FWT")
        solarRadiusReference = try header.double("RSUN_REF")
        solarRadiusObserved = try header.double("RSUN_OBS")
        sunDistance = try header.double("DSUN_OBS")
        unsignedFlux = try header.double("USFLUX")
        activeRegionArea = try header.double("AREA_ACR")
        unit = try header.string("BUNIT")
    }

    private static func regionList(_ header: FITSHeader) throws -> [Int]? {
        guard let value = try header.value("NOAA_ARS") else { return nil }
        switch value {
        case let .integer(region):
            return [region]
        case let .string(text):
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            var regions: [Int] = []
            for item in items where !item.isEmpty {
                guard let region = FITSValue.integer(item) else {
                    throw invalid("NOAA_ARS", header, expected: "a comma-separated list of NOAA region numbers")
                }
                regions.append(region)
            }
            return regions
        default:
            throw invalid("NOAA_ARS", header, expected: "a comma-separated list of NOAA region numbers")
        }
    }

    private static func time(_ keyword: String, _ header: FITSHeader) throws -> Date? {
        guard let text = try header.string(keyword) else { return nil }
        guard let date = JSOCTime.date(from: text) else {
            throw invalid(keyword, header, expected: "a JSOC time such as 2011.02.15_02:00:00_TAI")
        }
        return date
    }

    private static func quality(_ header: FITSHeader) throws -> Int? {
        guard let value = try header.value("QUALITY") else { return nil }
        switch value {
        case let .integer(quality):
            return quality
        case let .string(text) where text.lowercased().hasPrefix("0x"):
            guard let quality = Int(text.dropFirst(2), radix: 16) else {
                throw invalid("QUALITY", header, expected: "an integer bit field")
            }
            return quality
        default:
            return try header.integer("QUALITY")
        }
    }

    private static func invalid(_ keyword: String, _ header: FITSHeader, expected: String) -> MagnetogramError {
        .invalidKeyword(path: header.path, keyword: keyword, value: header.card(keyword)?.value ?? "", expected: expected)
    }
}
