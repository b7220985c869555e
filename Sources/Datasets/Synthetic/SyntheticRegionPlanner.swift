import Foundation
import NeuralCore

/// Draws the regions of a synthetic archive from its configuration (one serial stream, so the
/// plan is the same on every run).
///
/// - Passages begin uniformly within the span, on the cadence grid of TAI record slots; HARP
///   numbers follow the order of appearance with gaps of 1-3, NOAA numbers likewise.
/// - Small regions: one weak bipole of 2.5e19-8e19 Mx with 1.2-1.6 Mm footpoints (fields below
///   ~450 G): their active area (|B| >= 200 G) stays below 15 Mm^2, under the 25 Mm^2 cut.
/// - Other regions: total flux log-normal around 2.8e21 Mx (log10 ~ N(21.45, 0.35) within
///   [20.6, 22.4]), split among 1-5 bipoles (more for larger regions); footpoint peak fields
///   0.5-2.8 kG growing with flux; Joy's-law tilts and Hale's polarity (5% exceptions); a
///   sheared compact bipole with probability rising from 10% to 50% with flux.
/// - Unnumbered regions are chosen among the weak ones.
struct SyntheticRegionPlanner {
    var configuration: SyntheticArchive.Configuration

    /// Megametres per degree for RSUN_REF = 696 Mm.
    static let megametresPerDegree = 696.0 * Double.pi / 180

    func plan() -> [SyntheticRegion] {
        let c = configuration
        var generator = SyntheticRandom.generator(seed: c.seed, .plan)
        let hours = c.passageDuration / 3600
        let startTAI = TAITimeText.taiSeconds(ofUTC: c.start)

        struct Draft {
            var firstTAI: Double
            var small: Bool
            var logFlux: Double
        }
        var drafts: [Draft] = []
        for _ in 0..<c.regionCount {
            let offset = SyntheticRandom.uniform(0, c.span, &generator)
            let firstTAI = ((startTAI + offset) / c.cadence).rounded(.up) * c.cadence
            let small = generator.nextUniformDouble() < c.smallRegionFraction
            var logFlux = 21.45 + 0.35 * Double(generator.nextNormal())
            logFlux = small ? SyntheticRandom.uniform(19.4, 19.9, &generator) : min(max(logFlux, 20.6), 22.4)
            drafts.append(Draft(firstTAI: firstTAI, small: small, logFlux: logFlux))
        }
        drafts.sort { $0.firstTAI < $1.firstTAI }

        // Unnumbered regions among the weak ones.
        let weak = drafts.indices.filter { drafts[$0].small || drafts[$0].logFlux < 21.1 }
        let unnumberedCount = min(weak.count, Int((Double(c.regionCount) * c.unnumberedRegionFraction).rounded()))
        let unnumbered = Set(generator.permutation(weak.count).prefix(unnumberedCount).map { weak[$0] })

        var regions: [SyntheticRegion] = []
        var harp = c.firstHARPNumber
        var noaa = c.firstNOAARegion
        for (index, draft) in drafts.enumerated() {
            if index > 0 { harp += 1 + Int(generator.next() % 3) }
            var noaaRegions: [Int] = []
            if !unnumbered.contains(index) {
                noaaRegions.append(noaa)
                noaa += 1
                if !draft.small, generator.nextUniformDouble() < c.twoRegionHARPFraction {
                    noaaRegions.append(noaa)
                    noaa += 1
                }
            }
            let scale = draft.small
                ? 1 - c.imageSizeVariation
                : 1 + c.imageSizeVariation * min(max((draft.logFlux - 21.45) / 0.8, -1), 1)
            let width = SyntheticRegionPlanner.even(Double(c.imageWidth) * scale)
            let height = SyntheticRegionPlanner.even(Double(c.imageHeight) * scale)
            let hemisphere: Double = generator.nextUniformDouble() < 0.5 ? 1 : -1
            let latitude = hemisphere * SyntheticRandom.uniform(6, 30, &generator)
            let startLongitude = SyntheticRandom.uniform(c.startLongitudeRange.lowerBound, c.startLongitudeRange.upperBound, &generator)
            let mmPerPixel = c.degreesPerPixel * SyntheticRegionPlanner.megametresPerDegree
            let boxWidth = Double(width) * mmPerPixel, boxHeight = Double(height) * mmPerPixel
            let bipoles = draft.small
                ? [smallBipole(logFlux: draft.logFlux, hemisphere: hemisphere, latitude: latitude, hours: hours, &generator)]
                : bipoles(logFlux: draft.logFlux, hemisphere: hemisphere, latitude: latitude, hours: hours,
                          boxWidth: boxWidth, boxHeight: boxHeight, &generator)
            let network = networkElements(boxWidth: boxWidth, boxHeight: boxHeight, count: width * height / 250, &generator)
            regions.append(SyntheticRegion(
                index: index, harpNumber: harp, noaaRegions: noaaRegions, firstRecordTAI: draft.firstTAI,
                frameCount: c.framesPerRegion, width: width, height: height, latitude: latitude,
                startLongitude: startLongitude, bipoles: bipoles, network: network, isSmall: draft.small))
        }
        return regions
    }

    // MARK: Bipoles

    private func smallBipole(logFlux: Double, hemisphere: Double, latitude: Double, hours: Double, _ g: inout SeededGenerator) -> SyntheticBipole {
        let radius = SyntheticRandom.uniform(1.2, 1.6, &g)
        return SyntheticBipole(
            centreX: SyntheticRandom.uniform(-3, 3, &g), centreY: SyntheticRandom.uniform(-2, 2, &g),
            tilt: joyTilt(latitude, &g), flux: pow(10, logFlux), radius: radius,
            separation: SyntheticRandom.uniform(4, 6, &g) * radius,
            emergence: hours * SyntheticRandom.uniform(-1, 0.3, &g), emergenceDuration: hours * SyntheticRandom.uniform(0.15, 0.5, &g),
            decayTime: hours * SyntheticRandom.uniform(0.6, 2.5, &g), leadingSign: haleSign(hemisphere, &g), sheared: false)
    }

    private func bipoles(
        logFlux: Double, hemisphere: Double, latitude: Double, hours: Double, boxWidth: Double, boxHeight: Double,
        _ g: inout SeededGenerator
    ) -> [SyntheticBipole] {
        let activity = min(max((logFlux - 20.6) / 1.8, 0), 1)   // 0 for the weakest, 1 for the strongest
        let count = min(5, 1 + Int(g.nextUniformDouble() * (logFlux - 20.4) * 2.2))
        var weights = [1.0]
        for _ in 1..<max(count, 1) { weights.append(SyntheticRandom.uniform(0.2, 0.8, &g)) }
        let weightSum = weights.reduce(0, +)
        let shearedIndex: Int? = g.nextUniformDouble() < 0.1 + 0.4 * activity ? (count > 1 ? 1 : 0) : nil
        var list: [SyntheticBipole] = []
        for (k, weight) in weights.enumerated() {
            let flux = pow(10, logFlux) * weight / weightSum
            let perFootpoint = flux / 2
            let peakField = min(max(500 + 900 * log10(perFootpoint / 1e20), 250), 2800) * SyntheticRandom.uniform(0.85, 1.15, &g)
            let radius = (perFootpoint / (2 * Double.pi * peakField)).squareRoot() / 1e8   // cm to Mm
            let sheared = k == shearedIndex
            let separation = sheared
                ? SyntheticRandom.uniform(1.8, 2.6, &g) * radius
                : min(SyntheticRandom.uniform(3.5, 5.5, &g) * radius, 0.7 * boxWidth)
            let (x, y): (Double, Double) = k == 0
                ? (SyntheticRandom.uniform(-0.05, 0.05, &g) * boxWidth, SyntheticRandom.uniform(-0.05, 0.05, &g) * boxHeight)
                : (SyntheticRandom.uniform(-0.3, 0.3, &g) * boxWidth, SyntheticRandom.uniform(-0.25, 0.25, &g) * boxHeight)
            let emergence = k == 0 ? SyntheticRandom.uniform(-1.0, 0.2, &g) : SyntheticRandom.uniform(-0.6, 0.8, &g)
            list.append(SyntheticBipole(
                centreX: x, centreY: y, tilt: joyTilt(latitude, &g) + (sheared ? SyntheticRandom.uniform(-0.8, 0.8, &g) : 0),
                flux: flux, radius: radius, separation: separation, emergence: hours * emergence,
                emergenceDuration: hours * SyntheticRandom.uniform(0.15, 0.5, &g), decayTime: hours * SyntheticRandom.uniform(0.8, 3.5, &g),
                leadingSign: haleSign(hemisphere, &g), sheared: sheared))
        }
        return list
    }

    /// Joy's law: the leading polarity nearer the equator, tilt ~ latitude / 2 with scatter.
    private func joyTilt(_ latitude: Double, _ g: inout SeededGenerator) -> Double {
        let degrees = -0.5 * latitude + 8 * Double(g.nextNormal())
        return degrees * .pi / 180
    }

    /// Hale's law for cycle 24 (leading polarity positive in the north), 5% exceptions.
    private func haleSign(_ hemisphere: Double, _ g: inout SeededGenerator) -> Double {
        g.nextUniformDouble() < 0.05 ? -hemisphere : hemisphere
    }

    /// Weak mixed-polarity elements, peak fields 20-60 G.
    private func networkElements(boxWidth: Double, boxHeight: Double, count: Int, _ g: inout SeededGenerator) -> [SyntheticFootpoint] {
        (0..<count).map { _ in
            let sigma = SyntheticRandom.uniform(0.5, 0.9, &g)
            let peak = SyntheticRandom.uniform(20, 60, &g) * (g.nextUniformDouble() < 0.5 ? 1 : -1)
            return SyntheticFootpoint(
                x: SyntheticRandom.uniform(-0.5, 0.5, &g) * boxWidth, y: SyntheticRandom.uniform(-0.5, 0.5, &g) * boxHeight,
                sigma: sigma, flux: peak * 2 * Double.pi * sigma * sigma * 1e16)
        }
    }

    /// The nearest even integer, at least 8.
    static func even(_ value: Double) -> Int {
        max(8, 2 * Int((value / 2).rounded()))
    }
}
