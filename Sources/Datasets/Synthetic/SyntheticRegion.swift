import Foundation

/// One flux concentration of a synthetic field: a Gaussian of radius `sigma` (Mm) centred at
/// (`x`, `y`) (Mm from the image centre, x westward, y northward) holding `flux` (Mx, signed).
struct SyntheticFootpoint: Sendable, Equatable {
    var x: Double
    var y: Double
    var sigma: Double
    var flux: Double
}

/// An emerging and decaying bipole of a synthetic active region.
///
/// Its flux rises smoothly (smoothstep) from `emergence` over `emergenceDuration` hours and
/// then decays exponentially with `decayTime`; its footpoints separate as it emerges. A sheared
/// bipole keeps its polarities compact (separation about 2 footpoint radii), each polarity
/// elongated along the inversion line (three Gaussians in a row) and sliding past the other
/// along it as it emerges: a long, strong-gradient polarity inversion line.
struct SyntheticBipole: Sendable, Equatable {
    /// Centre, Mm from the image centre.
    var centreX: Double
    var centreY: Double
    /// Angle of the axis from the following to the leading polarity, radians (0: due west).
    var tilt: Double
    /// Peak total unsigned flux (both polarities), Mx.
    var flux: Double
    /// Footpoint radius (Gaussian sigma), Mm.
    var radius: Double
    /// Final footpoint separation, Mm.
    var separation: Double
    /// Emergence start, hours from the first record; its duration and the decay time, hours.
    var emergence: Double
    var emergenceDuration: Double
    var decayTime: Double
    /// The sign of the leading (western) polarity.
    var leadingSign: Double
    /// Whether the bipole is sheared (compact, strong inversion line).
    var sheared: Bool

    /// Emerged fraction in [0, 1] at `hours`.
    func emerged(at hours: Double) -> Double {
        let x = min(max((hours - emergence) / emergenceDuration, 0), 1)
        return x * x * (3 - 2 * x)
    }

    /// Flux fraction in [0, 1] at `hours` (emergence times decay).
    func activity(at hours: Double) -> Double {
        let decaying = max(0, hours - emergence - emergenceDuration)
        return emerged(at: hours) * exp(-decaying / decayTime)
    }

    /// Total unsigned flux at `hours`, Mx.
    func flux(at hours: Double) -> Double { flux * activity(at: hours) }

    /// Footpoint separation at `hours`, Mm.
    func separation(at hours: Double) -> Double {
        sheared ? separation : separation * (0.35 + 0.65 * emerged(at: hours))
    }

    /// The inversion-line weight exp(-(d / 2.5 sigma)^4): about 0.8 for a sheared bipole,
    /// below 0.01 for an ordinary one once emerged.
    func inversionLineWeight(at hours: Double) -> Double {
        let ratio = separation(at: hours) / (2.5 * radius)
        return exp(-(ratio * ratio * ratio * ratio))
    }

    /// The footpoints at `hours`, appended to `list`.
    func footpoints(at hours: Double, into list: inout [SyntheticFootpoint]) {
        let total = flux(at: hours)
        guard total > 0 else { return }
        let half = separation(at: hours) / 2
        let (c, s) = (cos(tilt), sin(tilt))
        let leadX = centreX + half * c, leadY = centreY + half * s
        let followX = centreX - half * c, followY = centreY - half * s
        let perFootpoint = total / 2
        if !sheared {
            list.append(SyntheticFootpoint(x: leadX, y: leadY, sigma: radius, flux: leadingSign * perFootpoint))
            list.append(SyntheticFootpoint(x: followX, y: followY, sigma: radius, flux: -leadingSign * perFootpoint))
            return
        }
        // Along the inversion line (perpendicular to the axis); each polarity slides one way.
        let (px, py) = (-s, c)
        let slide = 0.9 * radius * emerged(at: hours)
        let spacing = 1.3 * radius
        let piece = radius * 0.8
        for k in -1...1 {
            let offset = Double(k) * spacing
            list.append(SyntheticFootpoint(
                x: leadX + px * (offset + slide), y: leadY + py * (offset + slide), sigma: piece, flux: leadingSign * perFootpoint / 3))
            list.append(SyntheticFootpoint(
                x: followX + px * (offset - slide), y: followY + py * (offset - slide), sigma: piece, flux: -leadingSign * perFootpoint / 3))
        }
    }
}

/// The plan of one synthetic active region: its identity, where and when it is observed, its
/// image size and its bipoles (see ``SyntheticArchive``).
struct SyntheticRegion: Sendable, Equatable {
    /// Position in the archive (0-based, in order of appearance).
    var index: Int
    var harpNumber: Int
    /// NOAA regions (empty: unnumbered).
    var noaaRegions: [Int]
    /// TAI second count (since 1970, 86400 s a day) of the first record.
    var firstRecordTAI: Double
    var frameCount: Int
    var width: Int
    var height: Int
    /// Latitude of the box centre, degrees.
    var latitude: Double
    /// Central meridian distance of the box centre at the first record, degrees.
    var startLongitude: Double
    var bipoles: [SyntheticBipole]
    /// Weak static mixed-polarity elements (network, plage).
    var network: [SyntheticFootpoint]
    /// Whether the region was planned small enough to fail the area cut.
    var isSmall: Bool

    /// The model's total unsigned flux at `hours` after the first record, Mx.
    func totalFlux(at hours: Double) -> Double {
        bipoles.reduce(0) { $0 + $1.flux(at: hours) }
    }

    /// The fraction of the flux in compact, sheared bipoles at `hours` (the PIL measure of the
    /// flare model), in [0, 1].
    func inversionLineFraction(at hours: Double) -> Double {
        var total = 0.0, weighted = 0.0
        for bipole in bipoles {
            let flux = bipole.flux(at: hours)
            total += flux
            weighted += flux * bipole.inversionLineWeight(at: hours)
        }
        return total > 0 ? weighted / total : 0
    }

    /// Every footpoint at `hours` (bipoles, then network).
    func footpoints(at hours: Double) -> [SyntheticFootpoint] {
        var list: [SyntheticFootpoint] = []
        list.reserveCapacity(bipoles.count * 6 + network.count)
        for bipole in bipoles { bipole.footpoints(at: hours, into: &list) }
        list.append(contentsOf: network)
        return list
    }
}
