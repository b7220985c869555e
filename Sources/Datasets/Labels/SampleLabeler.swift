import Foundation

/// Labels every observation of an archive from a flare catalogue: flare attribution, the
/// flaring-region flag, the sample class and the time to flare, gathered in a
/// ``SampleManifest``.
///
/// The HARP-to-NOAA map decides which flares belong to which HARP. Without a map, the
/// observations' own NOAA_ARS lists are used; with one, HARPs it lacks fall back to their
/// observations' lists (counted in ``LabelingReport/regionsMissingFromMap``). Pass the whole
/// archive as `allObservations` when `observations` are what the selection cuts kept: the
/// lists then come from every magnetogram of the region, not only the kept ones.
///
/// Which flares count: every flare attributed to the HARP, over its whole disk passage, for
/// all three labels (the flaring-region flag with the default
/// ``FlaringRegionCriterion/Rule/wholeDiskPassage``, the time to flare and the sample class).
/// The observations only decide which magnetograms are labelled.
///
/// The manifest's samples are ordered by HARP number, then time, then path.
///
/// ```swift
/// let labeler = SampleLabeler()                              // the papers' settings
/// let manifest = try labeler.label(observations: archive, events: catalog.events, map: harpMap)
/// try manifest.write(to: URL(fileURLWithPath: "manifest.json"))
/// ```
public struct SampleLabeler: Sendable {
    /// The settings.
    public var configuration: SampleLabelingConfiguration

    /// Creates a labeler.
    public init(configuration: SampleLabelingConfiguration = SampleLabelingConfiguration()) {
        self.configuration = configuration
    }

    /// Labels `observations` with the flares of `events`.
    /// - Parameters:
    ///   - observations: the magnetograms to label (for example those the cuts kept).
    ///   - events: the flare catalogue.
    ///   - map: the HARP-to-NOAA table (`nil`: the headers' NOAA_ARS lists).
    ///   - allObservations: every magnetogram of the archive, before the cuts, whose NOAA_ARS
    ///     lists fill in HARPs the map lacks (`nil`: those of `observations`).
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for a bad configuration.
    public func label(
        observations: [SHARPObservation], events: [FlareEvent], map: HARPNOAAMap? = nil,
        allObservations: [SHARPObservation]? = nil
    ) throws -> SampleManifest {
        try configuration.validate()

        let labelled = Set(observations.map(\.harpNumber))
        let ownLists = HARPNOAAMap(observations: (allObservations ?? observations).filter { labelled.contains($0.harpNumber) })
        var regionsByHARP = map?.regionsByHARP ?? ownLists.regionsByHARP
        var missingFromMap = 0
        if map != nil {
            for (harp, regions) in ownLists.regionsByHARP where regionsByHARP[harp] == nil {
                regionsByHARP[harp] = regions
                missingFromMap += 1
            }
        }
        let attribution = FlareAttribution(events: events, map: HARPNOAAMap(regionsByHARP: regionsByHARP))

        let byHARP = Dictionary(grouping: observations, by: \.harpNumber)
        var report = LabelingReport(attribution: attribution.report, regionsMissingFromMap: missingFromMap)
        var samples: [LabeledSample] = []
        samples.reserveCapacity(observations.count)

        for harp in byHARP.keys.sorted() {
            let group = (byHARP[harp] ?? []).sorted { ($0.time, $0.path) < ($1.time, $1.path) }
            guard let first = group.first, let last = group.last else { continue }
            let flares = attribution.flares(ofHARP: harp)
            let passage = try RegionPassage(harpNumber: harp, first: first.time, last: last.time)
            let isFlaring = configuration.flaringRegion.isFlaring(passage: passage, flares: flares)
            let classifier = try SampleClassifier(flares: flares, windows: configuration.sampleClassWindows)
            let assigner = try TimeToFlareAssigner(flares: flares, configuration: configuration.timeToFlare)

            report.regionCount += 1
            if isFlaring {
                report.flaringRegionCount += 1
                report.flaringSampleCount += group.count
            } else {
                report.nonflaringRegionCount += 1
            }
            if (regionsByHARP[harp] ?? []).isEmpty { report.regionsWithoutNoaaNumber += 1 }

            for observation in group {
                let classification = classifier.classify(at: observation.time)
                let timeToFlare = assigner.timeToFlare(at: observation.time)
                report.classCounts[classification.sampleClass] += 1
                if timeToFlare != nil { report.samplesWithTimeToFlare += 1 }
                samples.append(LabeledSample(
                    observation: observation, isFlaringRegion: isFlaring,
                    sampleClass: classification.sampleClass,
                    largestForwardFlare: classification.largestForwardFlare, timeToFlare: timeToFlare))
            }
        }
        report.sampleCount = samples.count
        return SampleManifest(configuration: configuration, report: report, samples: samples)
    }
}
