import Foundation

/// The keywords of a SHARP CEA header that FlareKit uses. Every field is optional: a keyword
/// missing from the header is `nil`, not an error.
public struct SHARPMetadata: Sendable, Equatable, Codable {
    /// HARP number (HARPNUM).
    public var harpNumber: Int?
    /// The NOAA active region (NOAA_AR).
    public var noaaRegion: Int?
    /// Every NOAA region of the HARP (NOAA_ARS, a comma list).
    public var noaaRegions: [Int]?
    /// T_REC as an instant (see the parsing documentation for the TAI handling).
    public var recordTime: Date?
    /// T_OBS as an instant.
    public var observationTime: Date?
    /// QUALITY bit field.
    public var quality: Int?
    /// OBS_VR, m/s.
    public var observerRadialVelocity: Double?
    /// CRVAL1 / CRVAL2, degrees.
    public var referenceLongitude: Double?
    public var referenceLatitude: Double?
    /// CDELT1 / CDELT2, degrees per pixel.
    public var pixelScaleX: Double?
    public var pixelScaleY: Double?
    /// CRPIX1 / CRPIX2.
    public var referencePixelX: Double?
    public var referencePixelY: Double?
    /// LON_FWT / LAT_FWT, degrees (flux-weighted centre).
    public var fluxWeightedLongitude: Double?
    public var fluxWeightedLatitude: Double?
    /// RSUN_REF, metres.
    public var solarRadiusReference: Double?
    /// RSUN_OBS, arcseconds.
    public var solarRadiusObserved: Double?
    /// DSUN_OBS, metres.
    public var sunDistance: Double?
    /// USFLUX, Mx.
    public var unsignedFlux: Double?
    /// AREA_ACR, micro-hemispheres.
    public var activeRegionArea: Double?
    /// BUNIT.
    public var unit: String?

    /// Creates an empty record (every keyword missing).
    public init() {}
}
