import Foundation

/// The flares of each HARP: a flare belongs to every HARP whose NOAA_ARS list holds the NOAA
/// region the catalogue attributes it to (a region may lie in several HARPs, and then its
/// flares label all of them).
///
/// Flares without a region, and flares whose region is in no HARP of the map, label nothing;
/// ``report`` counts them. Each HARP's flares are ordered by peak instant (catalogue order
/// among equal peaks).
///
/// ```swift
/// let map = HARPNOAAMap(regionsByHARP: [377: [11158]])
/// let attribution = FlareAttribution(events: catalog.events, map: map)
/// attribution.flares(ofHARP: 377)                  // the flares of NOAA 11158
/// attribution.flares(ofHARP: 377, atLeast: .m1)    // its M1+ flares
/// attribution.report.flaresWithoutRegion           // flares labelling nothing
/// ```
public struct FlareAttribution: Sendable {
    /// The flares of each HARP that has any, ordered by peak.
    public let flaresByHARP: [Int: [FlareEvent]]
    /// What happened to every flare.
    public let report: FlareAttributionReport

    /// Attributes `events` to the HARPs of `map`.
    public init(events: [FlareEvent], map: HARPNOAAMap) {
        var byHARP: [Int: [(order: Int, event: FlareEvent)]] = [:]
        var report = FlareAttributionReport(flareCount: events.count)
        var unmapped = Set<Int>()
        for (order, event) in events.enumerated() {
            guard let region = event.noaaRegion else {
                report.flaresWithoutRegion += 1
                continue
            }
            // A HARP listing the same region twice still gets the flare once.
            let harps = Set(map.harps(holdingRegion: region))
            if harps.isEmpty {
                report.flaresWithUnmappedRegion += 1
                unmapped.insert(region)
                continue
            }
            report.attributedFlareCount += 1
            if harps.count > 1 { report.flaresInSeveralHarps += 1 }
            for harp in harps { byHARP[harp, default: []].append((order, event)) }
        }
        report.unmappedRegions = unmapped.sorted()
        self.report = report
        self.flaresByHARP = byHARP.mapValues { entries in
            entries.sorted { ($0.event.peak, $0.order) < ($1.event.peak, $1.order) }.map(\.event)
        }
    }

    /// Attributes `events` using the NOAA_ARS lists of the observations themselves (see
    /// ``HARPNOAAMap/init(observations:)``).
    public init(events: [FlareEvent], observations: [SHARPObservation]) {
        self.init(events: events, map: HARPNOAAMap(observations: observations))
    }

    /// The flares of a HARP, ordered by peak (empty when it has none).
    public func flares(ofHARP harp: Int) -> [FlareEvent] {
        flaresByHARP[harp] ?? []
    }

    /// The flares of a HARP at or above a class, ordered by peak.
    public func flares(ofHARP harp: Int, atLeast threshold: FlareClass) -> [FlareEvent] {
        flares(ofHARP: harp).filter { $0.flareClass >= threshold }
    }
}
