import Foundation

/// How a ``SyntheticArchive`` draws flares: a rate that grows with a region's total unsigned
/// flux and with the strength of its polarity inversion lines, and GOES classes from a power law.
///
/// For each region and each hour of its passage, the number of C1+ flares is Poisson with mean
///
///     rate(t) = rateScale x (flux(t) / referenceFlux)^fluxExponent x exp(inversionLineWeight x PIL(t))
///
/// - `flux(t)` is the model's total unsigned flux of the region, Mx (the sum of its bipoles'
///   fluxes at that time, before line-of-sight projection and noise);
/// - `PIL(t)` in [0, 1] is the fraction of that flux in compact bipoles, whose polarities sit
///   close together across a strong-gradient polarity inversion line: each bipole counts with
///   weight exp(-(d / 2.5 sigma)^4), d its footpoint separation and sigma its footpoint radius
///   (about 0.8 for the sheared bipoles, about 0 for ordinary ones).
///
/// Each flare's peak falls uniformly within its hour; it starts 3-25 minutes before the peak
/// and ends 4-45 minutes after (whole minutes). Its peak flux is 1e-6 W/m^2 x U^(-1/classExponent)
/// (U uniform in (0, 1]), a power law whose cumulative form gives P(>= M1) = 10^-classExponent
/// among C1+ flares (about 10% for the default 1.0, as in the GOES lists), capped at
/// ``maximumPeakFlux``. A region is flaring (Bhattacharjee et al.) when it holds an M1+ flare,
/// so the flaring probability rises steeply with flux and inversion-line strength, both of which
/// the magnetograms show.
///
/// A fraction ``blankRegionFraction`` of the C-class flares of numbered regions are written
/// with a blank region, as SWPC leaves some; flares of unnumbered regions are all blank; and
/// ``unattributedFlaresPerDay`` C1+ flares from regions outside the archive are added at
/// random times, blank too.
public struct SyntheticFlareModel: Sendable, Equatable {
    /// C1+ flares per hour of a region of ``referenceFlux`` without inversion-line flux.
    public var rateScale: Double
    /// The flux of reference, Mx.
    public var referenceFlux: Double
    /// Exponent of the flux dependence.
    public var fluxExponent: Double
    /// Weight of the inversion-line fraction in the exponent.
    public var inversionLineWeight: Double
    /// Power-law index of the cumulative peak-flux distribution of C1+ flares.
    public var classExponent: Double
    /// The largest peak flux drawn, W/m^2 (X20).
    public var maximumPeakFlux: Double
    /// Fraction of C-class region flares written with a blank region.
    public var blankRegionFraction: Double
    /// Extra flares per day from regions outside the archive (blank region).
    public var unattributedFlaresPerDay: Double

    /// The defaults: about a quarter of the demo archive's regions flare (M1+).
    public init(
        rateScale: Double = 0.7, referenceFlux: Double = 1e22, fluxExponent: Double = 2, inversionLineWeight: Double = 3,
        classExponent: Double = 1, maximumPeakFlux: Double = 2e-3, blankRegionFraction: Double = 0.05,
        unattributedFlaresPerDay: Double = 0.3
    ) {
        self.rateScale = rateScale
        self.referenceFlux = referenceFlux
        self.fluxExponent = fluxExponent
        self.inversionLineWeight = inversionLineWeight
        self.classExponent = classExponent
        self.maximumPeakFlux = maximumPeakFlux
        self.blankRegionFraction = blankRegionFraction
        self.unattributedFlaresPerDay = unattributedFlaresPerDay
    }

    /// C1+ flares per hour at a flux (Mx) and inversion-line fraction.
    public func rate(flux: Double, inversionLineFraction: Double) -> Double {
        guard flux > 0 else { return 0 }
        return rateScale * pow(flux / referenceFlux, fluxExponent) * exp(inversionLineWeight * inversionLineFraction)
    }

    /// The peak flux, W/m^2, of the quantile `u` in (0, 1] of the class distribution.
    public func peakFlux(quantile u: Double) -> Double {
        min(1e-6 * pow(max(u, 1e-300), -1 / classExponent), maximumPeakFlux)
    }

    func validate() throws {
        for (name, value) in [
            ("rateScale", rateScale), ("referenceFlux", referenceFlux), ("classExponent", classExponent),
            ("maximumPeakFlux", maximumPeakFlux),
        ] where !(value.isFinite && value > 0) {
            throw DatasetsError.invalidValue(what: "flare model \(name)", value: "\(value)", reason: "must be positive and finite")
        }
        for (name, value) in [("fluxExponent", fluxExponent), ("inversionLineWeight", inversionLineWeight), ("unattributedFlaresPerDay", unattributedFlaresPerDay)]
        where !(value.isFinite && value >= 0) {
            throw DatasetsError.invalidValue(what: "flare model \(name)", value: "\(value)", reason: "must be finite and >= 0")
        }
        guard (0...1).contains(blankRegionFraction) else {
            throw DatasetsError.invalidValue(what: "flare model blankRegionFraction", value: "\(blankRegionFraction)", reason: "must be in 0...1")
        }
        guard maximumPeakFlux >= 1e-6 else {
            throw DatasetsError.invalidValue(what: "flare model maximumPeakFlux", value: "\(maximumPeakFlux)", reason: "must be at least C1 (1e-6 W/m^2)")
        }
    }
}
