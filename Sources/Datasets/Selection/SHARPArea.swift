import Foundation
import Magnetogram

/// Areas of active regions: SHARP's micro-hemispheres and square megametres.
///
/// SHARP's AREA_ACR is the de-projected area of the region's active pixels in micro-hemispheres
/// (uHem): one millionth of a solar hemisphere, 2 pi R_sun^2 x 1e-6. With R_sun = RSUN_REF =
/// 696 Mm, 1 uHem = 2 pi x 696^2 x 1e-6 Mm^2 = 3.0437 Mm^2.
///
/// When a header has no AREA_ACR, ``area(of:threshold:)`` measures the area from the
/// magnetogram itself: the pixels with |B_los| >= a threshold (default
/// ``defaultActivePixelThreshold``) times the CEA pixel area (`Magnetogram.area(threshold:)`:
/// a CEA pixel of CDELT1 x CDELT2 degrees covers the same area everywhere on the sphere).
///
/// ```swift
/// SHARPArea.squareMegametres(microHemispheres: 1)        // 3.0437
/// SHARPArea.microHemispheres(squareMegametres: 25)       // 8.21
/// ```
public enum SHARPArea {
    /// The |B_los| threshold, gauss, of the pixels that count as active when the area is
    /// measured from a magnetogram: 200 G, calibrated on the real SHARP record of HARP 377
    /// (NOAA 11158, 2011-02-15 02:00 TAI): 3234 Mm^2 against its AREA_ACR of 1101 uHem =
    /// 3352 Mm^2 (-4%); 100 G would give +39%, 300 G -26%. SHARP's AREA_ACR counts the pixels of
    /// its active-region mask, which this line-of-sight threshold stands in for.
    public static let defaultActivePixelThreshold: Float = 200

    /// Square megametres in one micro-hemisphere for a solar radius in metres.
    public static func squareMegametresPerMicroHemisphere(solarRadius: Double = Magnetogram.standardSolarRadius) -> Double {
        let radius = solarRadius / 1e6   // Mm
        return 2 * Double.pi * radius * radius * 1e-6
    }

    /// Micro-hemispheres to square megametres.
    public static func squareMegametres(microHemispheres: Double, solarRadius: Double = Magnetogram.standardSolarRadius) -> Double {
        microHemispheres * squareMegametresPerMicroHemisphere(solarRadius: solarRadius)
    }

    /// Square megametres to micro-hemispheres.
    public static func microHemispheres(squareMegametres: Double, solarRadius: Double = Magnetogram.standardSolarRadius) -> Double {
        squareMegametres / squareMegametresPerMicroHemisphere(solarRadius: solarRadius)
    }

    /// The area of a magnetogram's active pixels, Mm^2: finite pixels with |B| >= `threshold`
    /// gauss times the CEA pixel area.
    public static func area(of magnetogram: Magnetogram, threshold: Float = defaultActivePixelThreshold) -> Double {
        magnetogram.area(threshold: threshold)
    }
}
