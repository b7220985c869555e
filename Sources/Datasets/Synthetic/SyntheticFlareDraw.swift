import Foundation
import NeuralCore

/// Draws the flares of a synthetic archive with its ``SyntheticFlareModel`` (one stream per
/// region, one for the unattributed flares), and the HARP-to-NOAA map of its regions.
struct SyntheticFlareDraw {
    var configuration: SyntheticArchive.Configuration

    /// Every flare, sorted by start, then peak.
    func flares(of regions: [SyntheticRegion]) throws -> [FlareEvent] {
        let c = configuration
        let model = c.flares
        let hours = c.passageDuration / 3600
        var events: [FlareEvent] = []
        for region in regions {
            var g = SyntheticRandom.generator(seed: c.seed, .flares, UInt64(region.index))
            guard let first = TAITimeText.utc(ofTAISeconds: region.firstRecordTAI) else { continue }
            for hour in 0..<Int(hours.rounded(.up)) {
                let t = Double(hour) + 0.5
                let rate = model.rate(flux: region.totalFlux(at: t), inversionLineFraction: region.inversionLineFraction(at: t))
                for _ in 0..<SyntheticRandom.poisson(rate, &g) {
                    let offset = Double(hour) + g.nextUniformDouble()
                    let quantile = 1 - g.nextUniformDouble()
                    let pick = g.nextUniformDouble()
                    let blank = g.nextUniformDouble()
                    let (before, after) = (3 + Int(g.next() % 23), 4 + Int(g.next() % 42))
                    guard offset < hours else { continue }
                    let flareClass = try FlareClass(peakFlux: model.peakFlux(quantile: quantile))
                    var noaa: Int? = region.noaaRegions.isEmpty
                        ? nil : region.noaaRegions[pick < 0.75 || region.noaaRegions.count == 1 ? 0 : 1]
                    if flareClass.letter == .C, blank < model.blankRegionFraction { noaa = nil }
                    events.append(SyntheticFlareDraw.event(
                        peak: first.addingTimeInterval(offset * 3600), before: before, after: after, flareClass: flareClass, noaa: noaa))
                }
            }
        }
        // Flares of regions outside the archive.
        var g = SyntheticRandom.generator(seed: c.seed, .unattributed)
        let days = (c.span + c.passageDuration) / 86_400
        for _ in 0..<SyntheticRandom.poisson(model.unattributedFlaresPerDay * days, &g) {
            let offset = g.nextUniformDouble() * days * 86_400
            let flareClass = try FlareClass(peakFlux: model.peakFlux(quantile: 1 - g.nextUniformDouble()))
            let (before, after) = (3 + Int(g.next() % 23), 4 + Int(g.next() % 42))
            events.append(SyntheticFlareDraw.event(
                peak: c.start.addingTimeInterval(offset), before: before, after: after, flareClass: flareClass, noaa: nil))
        }
        return events.sorted { ($0.start, $0.peak, $0.flareClass) < ($1.start, $1.peak, $1.flareClass) }
    }

    /// The HARP-to-NOAA map of the numbered regions.
    func map(of regions: [SyntheticRegion]) -> HARPNOAAMap {
        var regionsByHARP: [Int: [Int]] = [:]
        for region in regions where !region.noaaRegions.isEmpty { regionsByHARP[region.harpNumber] = region.noaaRegions }
        return HARPNOAAMap(regionsByHARP: regionsByHARP)
    }

    /// An event on whole minutes: the peak truncated to its minute, the start `before` minutes
    /// earlier, the end `after` minutes later.
    static func event(peak: Date, before: Int, after: Int, flareClass: FlareClass, noaa: Int?) -> FlareEvent {
        let minute = (peak.timeIntervalSince1970 / 60).rounded(.down) * 60
        let peakTime = Date(timeIntervalSince1970: minute)
        return FlareEvent(
            start: peakTime.addingTimeInterval(-Double(before) * 60), peak: peakTime,
            end: peakTime.addingTimeInterval(Double(after) * 60), flareClass: flareClass, noaaRegion: noaa)
    }
}
