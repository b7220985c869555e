import Foundation

/// One SHARP CEA magnetogram of an archive, described by its file name and header only (the
/// pixels are read when a sample is prepared). This is the record of an archive index.
public struct SHARPObservation: Sendable, Hashable, Codable {
    /// HARP number (HARPNUM).
    public var harpNumber: Int
    /// Record time T_REC as a UTC instant.
    public var time: Date
    /// Path of the magnetogram file.
    public var path: String
    /// NOAA regions of the HARP from the header's NOAA_ARS (may be empty).
    public var noaaRegions: [Int]
    /// QUALITY bit field (`nil` when the header lacks it).
    public var quality: Int?
    /// OBS_VR, m/s.
    public var observerRadialVelocity: Double?
    /// Longitude from the central meridian in degrees (Stonyhurst LON_FWT, or CRVAL1 - CRLN_OBS).
    public var centralMeridianDistance: Double?
    /// Latitude in degrees (LAT_FWT or CRVAL2); negative in the southern hemisphere.
    public var latitude: Double?
    /// AREA_ACR in micro-hemispheres.
    public var areaMicroHemispheres: Double?
    /// USFLUX, Mx: the header's total unsigned flux of the *radial* field Br inside the HARP's
    /// active-region mask (Bobra et al. 2014). Not what Bhattacharjee et al. (2020) bin in
    /// Fig. 6; see ``lineOfSightUnsignedFlux``.
    public var unsignedFlux: Double?
    /// The total unsigned *line-of-sight* flux of this magnetogram, Mx, measured from its own
    /// pixels: sum of |B_los| over finite pixels times the CEA pixel area
    /// (`Magnetogram.unsignedFlux()`). Filled by ``LineOfSightFluxMeasurement`` (as
    /// `flarekit index` does for every kept sample); `nil` until measured.
    public var lineOfSightUnsignedFlux: Double?
    /// The header's SHARP space-weather keywords (USFLUX, MEANGAM, ..., R_VALUE, AREA_ACR; each
    /// `nil` when missing or not finite). `nil` as a whole when they were not read: a manifest or
    /// a record made before FlareKit kept them, or a hand-built record.
    public var spaceWeatherKeywords: SHARPSpaceWeatherKeywords?
    /// CDELT1 and CDELT2: the map's pixel scale in heliographic degrees per pixel (0.03 for
    /// SHARP CEA maps; `nil` when the header lacks it or it is not positive).
    public var pixelScaleX: Double?
    public var pixelScaleY: Double?
    /// Image width and height in pixels (NAXIS1, NAXIS2).
    public var width: Int
    public var height: Int

    /// Creates a record.
    public init(
        harpNumber: Int, time: Date, path: String, noaaRegions: [Int] = [], quality: Int? = nil,
        observerRadialVelocity: Double? = nil, centralMeridianDistance: Double? = nil,
        latitude: Double? = nil, areaMicroHemispheres: Double? = nil, unsignedFlux: Double? = nil,
        width: Int = 0, height: Int = 0, lineOfSightUnsignedFlux: Double? = nil,
        spaceWeatherKeywords: SHARPSpaceWeatherKeywords? = nil, pixelScaleX: Double? = nil, pixelScaleY: Double? = nil
    ) {
        self.harpNumber = harpNumber
        self.time = time
        self.path = path
        self.noaaRegions = noaaRegions
        self.quality = quality
        self.observerRadialVelocity = observerRadialVelocity
        self.centralMeridianDistance = centralMeridianDistance
        self.latitude = latitude
        self.areaMicroHemispheres = areaMicroHemispheres
        self.unsignedFlux = unsignedFlux
        self.lineOfSightUnsignedFlux = lineOfSightUnsignedFlux
        self.spaceWeatherKeywords = spaceWeatherKeywords
        self.pixelScaleX = pixelScaleX
        self.pixelScaleY = pixelScaleY
        self.width = width
        self.height = height
    }
}
