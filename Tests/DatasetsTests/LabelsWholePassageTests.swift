import Foundation
import Testing

@testable import Datasets

/// The selection cuts choose the samples; every flare of a region counts for its labels
/// (Bhattacharjee et al. 2020, Sect. 2), including flares beyond the +-45 degree cut.
///
/// Three HARPs observed hourly from 0 to 100 h, crossing the disk at one degree an hour from
/// -50 to +50 degrees, so the central-meridian cut keeps hours 5...95:
/// - HARP 10 (NOAA 110): its only M flare peaks at 99 h, at +49 degrees;
/// - HARP 11 (NOAA 111): only a C5.0 at 50 h;
/// - HARP 12 (NOAA 112): a C2.0 at 2 h (-48 degrees) and an M3.0 at 98 h (+48 degrees).
enum WholePassageScenario {
    static func observations() -> [SHARPObservation] {
        [10, 11, 12].flatMap { harp in
            (0...100).map { hour in
                SHARPObservation(
                    harpNumber: harp, time: LabelTimeline.at(Double(hour)), path: "harp\(harp)/\(hour).fits",
                    noaaRegions: [100 + harp], quality: 0, observerRadialVelocity: 0,
                    centralMeridianDistance: Double(hour) - 50, latitude: 10, areaMicroHemispheres: 100)
            }
        }
    }

    static func events() throws -> [FlareEvent] {
        [
            try LabelTimeline.flare("M1.5", at: 99, region: 110),
            try LabelTimeline.flare("C5.0", at: 50, region: 111),
            try LabelTimeline.flare("C2.0", at: 2, region: 112),
            try LabelTimeline.flare("M3.0", at: 98, region: 112),
        ]
    }

    static let map = HARPNOAAMap(regionsByHARP: [10: [110], 11: [111], 12: [112]])

    /// The manifest of the kept observations, labelled with `rule`.
    static func manifest(rule: FlaringRegionCriterion.Rule = .wholeDiskPassage) throws -> SampleManifest {
        let all = observations()
        let kept = try SelectionCuts().apply(to: all).observations
        var configuration = SampleLabelingConfiguration()
        configuration.flaringRegion.rule = rule
        return try SampleLabeler(configuration: configuration).label(
            observations: kept, events: events(), map: map, allObservations: all)
    }
}

@Suite("Labels use every flare of the disk passage")
struct LabelsWholePassageTests {
    func hour(_ sample: LabeledSample) -> Int { Int((sample.time.timeIntervalSince(LabelTimeline.origin) / 3600).rounded()) }

    @Test func theCutsKeepTheCentralHours() throws {
        let manifest = try WholePassageScenario.manifest()
        for harp in [10, 11, 12] {
            #expect(manifest.samples.filter { $0.harpNumber == harp }.map(hour) == Array(5...95), "HARP \(harp)")
        }
    }

    @Test func aRegionWhoseOnlyMFlarePeaksAt49DegreesIsFlaring() throws {
        let samples = try WholePassageScenario.manifest().samples.filter { $0.harpNumber == 10 }
        #expect(samples.allSatisfy { $0.isFlaringRegion })
        for sample in samples {
            let h = hour(sample)
            if h >= 27 {      // within 72 h of the flare at 99 h
                #expect(sample.timeToFlare?.hours == Double(h - 99), "hour \(h)")
                #expect(sample.timeToFlare?.flareClass == (try FlareClass("M1.5")))
            } else {
                #expect(sample.timeToFlare == nil, "hour \(h)")
            }
            #expect(sample.sampleClass == (h >= 75 ? .M : .NO2), "hour \(h)")
        }
        // The former rule, on the same kept observations, misses that flare.
        let narrow = try WholePassageScenario.manifest(rule: .observedSpan).samples.filter { $0.harpNumber == 10 }
        #expect(narrow.allSatisfy { !$0.isFlaringRegion })
    }

    @Test func aRegionWithOnlyCFlaresIsNotFlaring() throws {
        let samples = try WholePassageScenario.manifest().samples.filter { $0.harpNumber == 11 }
        #expect(samples.allSatisfy { !$0.isFlaringRegion && $0.timeToFlare == nil })
        // Its classes still see the C flare at 50 h.
        for sample in samples {
            let h = hour(sample)
            let expected: SampleClass = h < 26 ? .NO2 : (h < 50 ? .C : (h <= 98 && h > 50 ? .NO3 : .NO2))
            #expect(sample.sampleClass == expected, "hour \(h)")
        }
    }

    @Test func classesOfARegionWithFlaresOutsideTheKeptWindow() throws {
        let manifest = try WholePassageScenario.manifest()
        let samples = manifest.samples.filter { $0.harpNumber == 12 }
        #expect(samples.allSatisfy { $0.isFlaringRegion })
        for sample in samples {
            let h = hour(sample)
            // The C2.0 at 2 h lies before the first kept sample, the M3.0 at 98 h after the last.
            let expected: SampleClass = h >= 74 ? .M : (h <= 50 ? .NO3 : .NO4)
            #expect(sample.sampleClass == expected, "hour \(h)")
            #expect(sample.timeToFlare?.hours == (h >= 26 ? Double(h - 98) : nil), "hour \(h)")
        }
        #expect(manifest.report.flaringRegionCount == 2 && manifest.report.nonflaringRegionCount == 1)
    }

    @Test func headerRegionListsComeFromTheWholeArchive() throws {
        // HARP 10 lists its NOAA region only in magnetograms the cuts remove: the flare is still its.
        let all = WholePassageScenario.observations().map { observation -> SHARPObservation in
            var copy = observation
            if observation.harpNumber == 10, abs(observation.centralMeridianDistance ?? 0) <= 45 { copy.noaaRegions = [] }
            return copy
        }
        let kept = try SelectionCuts().apply(to: all).observations
        let manifest = try SampleLabeler().label(observations: kept, events: WholePassageScenario.events(), allObservations: all)
        #expect(manifest.samples.filter { $0.harpNumber == 10 }.allSatisfy { $0.isFlaringRegion })
        let narrow = try SampleLabeler().label(observations: kept, events: WholePassageScenario.events())
        #expect(narrow.samples.filter { $0.harpNumber == 10 }.allSatisfy { !$0.isFlaringRegion })
    }
}
