import Foundation

extension Magnetogram {
    /// The area of one pixel in cm^2. SHARP CEA maps are equal-area: a pixel of CDELT1 x CDELT2
    /// degrees covers (RSUN_REF * CDELT1 * pi/180) x (RSUN_REF * CDELT2 * pi/180) everywhere.
    public var pixelArea: Double {
        let metresPerDegree = solarRadius * .pi / 180
        return (scaleX * metresPerDegree) * (scaleY * metresPerDegree) * 1e4
    }

    /// Total unsigned flux sum(|B|) x pixel area, in Mx, over finite pixels, optionally only
    /// where |B| >= `threshold` gauss.
    ///
    /// For a SHARP line-of-sight map this differs from the header's USFLUX, which sums the
    /// radial component Br of the vector field inside the active-region mask (Bobra et al.
    /// 2014); expect the same order of magnitude, not equality.
    public func unsignedFlux(threshold: Float = 0) -> Double {
        var sum = 0.0
        for v in pixels where v.isFinite && abs(v) >= threshold { sum += Double(abs(v)) }
        return sum * pixelArea
    }

    /// Positive and negative flux separately, in Mx (the negative one as a negative number),
    /// over finite pixels with |B| >= `threshold`.
    public func signedFlux(threshold: Float = 0) -> (positive: Double, negative: Double) {
        var positive = 0.0, negative = 0.0
        for v in pixels where v.isFinite && abs(v) >= threshold {
            if v > 0 { positive += Double(v) } else { negative += Double(v) }
        }
        return (positive * pixelArea, negative * pixelArea)
    }

    /// Net flux sum(B) x pixel area, in Mx, over finite pixels with |B| >= `threshold`.
    public func netFlux(threshold: Float = 0) -> Double {
        let (positive, negative) = signedFlux(threshold: threshold)
        return positive + negative
    }

    /// The area of finite pixels with |B| >= `threshold` gauss, in Mm^2.
    public func area(threshold: Float) -> Double {
        let count = pixels.reduce(0) { $0 + ($1.isFinite && abs($1) >= threshold ? 1 : 0) }
        return Double(count) * pixelArea / 1e16   // cm^2 to Mm^2
    }
}
