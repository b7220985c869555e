import Foundation
import Magnetogram

/// The header cards of a synthetic SHARP CEA magnetogram, in the order and form of the real
/// `hmi.sharp_cea_720s` headers (see `headers/hmi_cea_sharp_magnetogram.header`), with ORIGIN
/// and a COMMENT saying the record is synthetic.
struct SyntheticHeader {
    /// Everything one record's header says.
    struct Values {
        var recordTime: String          // T_REC, TAI
        var observationStart: Date      // DATE-OBS, UTC
        var harpNumber: Int
        var noaaRegions: [Int]
        var quality: Int
        var observerRadialVelocity: Double
        var width: Int
        var height: Int
        var degreesPerPixel: Double
        var centreLongitude: Double     // CRVAL1, Carrington
        var centreLatitude: Double      // CRVAL2
        var observerLongitude: Double   // CRLN_OBS
        var observerLatitude: Double    // CRLT_OBS
        var sunDistance: Double         // DSUN_OBS
        var solarRadiusArcseconds: Double
        var fluxWeightedLongitude: Double
        var fluxWeightedLatitude: Double
        var unsignedFlux: Double        // USFLUX, Mx
        var areaMicroHemispheres: Double  // AREA_ACR
        var seed: UInt64
        /// MEANGAM ... R_VALUE (``SyntheticSpaceWeather``), written after USFLUX as JSOC does.
        var spaceWeather = SHARPSpaceWeatherKeywords()
    }

    static func cards(_ v: Values) -> [FITSCard] {
        let regions = v.noaaRegions.map(String.init).joined(separator: ",")
        return [
            FITSCard(keyword: "DATE-OBS", string: TAITimeText.isoUTC(v.observationStart), comment: "[ISO] Observation date {DATE__OBS}"),
            FITSCard(keyword: "T_REC", string: v.recordTime, comment: "[TAI] Slot time"),
            FITSCard(keyword: "TRECSTEP", value: "720.", comment: "[seconds] ts_eq step {T_REC_step}"),
            FITSCard(keyword: "CADENCE", value: "720.", comment: "[seconds] repetition interval"),
            FITSCard(keyword: "USFLUX", value: SyntheticHeader.exponent(v.unsignedFlux), comment: "[Maxwell] Total unsigned flux"),
        ] + SyntheticSpaceWeather.cards(v.spaceWeather) + [
            FITSCard(keyword: "CTYPE1", string: "CRLN-CEA", comment: "CRLN"),
            FITSCard(keyword: "CTYPE2", string: "CRLT-CEA", comment: "CRLT"),
            FITSCard(keyword: "CRPIX1", double: Double(v.width + 1) / 2, comment: "[pixel] X coordinate of patch center"),
            FITSCard(keyword: "CRPIX2", double: Double(v.height + 1) / 2, comment: "[pixel] Y coordinate of patch center"),
            FITSCard(keyword: "CRVAL1", double: SyntheticHeader.rounded(v.centreLongitude, 6), comment: "[degree] Longitude at center of patch"),
            FITSCard(keyword: "CRVAL2", double: SyntheticHeader.rounded(v.centreLatitude, 6), comment: "[degree] Latitude at center of patch"),
            FITSCard(keyword: "CDELT1", double: v.degreesPerPixel, comment: "[degree] Map scale in X direction"),
            FITSCard(keyword: "CDELT2", double: v.degreesPerPixel, comment: "[degree] Map scale in Y direction"),
            FITSCard(keyword: "CUNIT1", string: "degree", comment: "Degree"),
            FITSCard(keyword: "CUNIT2", string: "degree", comment: "Degree"),
            FITSCard(keyword: "CROTA2", value: "0.", comment: "[deg] CROTA2: INST_ROT + SAT_ROT"),
            FITSCard(keyword: "WCSNAME", string: "Carrington Heliographic", comment: "WCS system name"),
            FITSCard(keyword: "DSUN_OBS", double: SyntheticHeader.rounded(v.sunDistance, 2), comment: "[meters] Distance from SDO to Sun center."),
            FITSCard(keyword: "DSUN_REF", value: "149597870691.", comment: "[meters] Astronomical Unit"),
            FITSCard(keyword: "RSUN_REF", value: "696000000.", comment: "[m] Reference radius of the Sun: 696,000,000.0"),
            FITSCard(keyword: "CRLN_OBS", double: SyntheticHeader.rounded(v.observerLongitude, 6), comment: "[deg] Carrington longitude of the observer"),
            FITSCard(keyword: "CRLT_OBS", double: SyntheticHeader.rounded(v.observerLatitude, 6), comment: "[deg] Carrington latitude of the observer"),
            FITSCard(keyword: "OBS_VR", double: SyntheticHeader.rounded(v.observerRadialVelocity, 6), comment: "[m/s] velocity of the observer in radial direction"),
            FITSCard(keyword: "RSUN_OBS", double: SyntheticHeader.rounded(v.solarRadiusArcseconds, 6), comment: "[arcsec] angular radius of Sun"),
            FITSCard(keyword: "TELESCOP", string: "SDO/HMI", comment: "Telescope (synthetic record)"),
            FITSCard(keyword: "WAVELNTH", value: "6173.", comment: "[angstrom] Wavelength"),
            FITSCard(keyword: "QUALITY", integer: v.quality, comment: "SHARP Quality index"),
            FITSCard(keyword: "BUNIT", string: "Mx/cm^2", comment: "Physical Units {BUNIT_000}"),
            FITSCard(keyword: "ORIGIN", string: "FlareKit SyntheticArchive", comment: "Origin: synthetic, not SDO data"),
            FITSCard(keyword: "CONTENT", string: "synthetic line-of-sight magnetogram", comment: "Content"),
            FITSCard(keyword: "HARPNUM", integer: v.harpNumber, comment: "HARP ID"),
            FITSCard(keyword: "AREA_ACR", double: SyntheticHeader.rounded(v.areaMicroHemispheres, 6), comment: "[mH] De-projected area of active pixels"),
            FITSCard(keyword: "LAT_FWT", double: SyntheticHeader.rounded(v.fluxWeightedLatitude, 6), comment: "[degree] Stonyhurst latitude of flux"),
            FITSCard(keyword: "LON_FWT", double: SyntheticHeader.rounded(v.fluxWeightedLongitude, 6), comment: "[degree] Stonyhurst longitude of flux"),
            FITSCard(keyword: "NOAA_AR", integer: v.noaaRegions.first ?? 0, comment: "NOAA AR number that best matches this HARP"),
            FITSCard(keyword: "NOAA_NUM", integer: v.noaaRegions.count, comment: "Number of NOAA ARs that match this HARP"),
            FITSCard(keyword: "NOAA_ARS", string: regions, comment: "Comma separated list of NOAA ARs"),
            FITSCard.commentary("Synthetic SHARP-like record made by FlareKit's SyntheticArchive (seed \(v.seed)); not observed data."),
        ]
    }

    /// `value` rounded to `digits` decimals.
    static func rounded(_ value: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }

    /// `2.714760e+22`: the lowercase-exponent form JSOC writes USFLUX in.
    static func exponent(_ value: Double) -> String {
        String(format: "%.6e", value)
    }
}
