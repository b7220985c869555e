import Foundation
import NeuralCore
import Testing

@testable import Datasets

/// A small archive and catalogue whose every label is worked out by hand.
///
/// - HARP 1 holds NOAA 100; HARP 2 holds 100 and 101 (100 is in both); HARP 3 holds none;
///   HARP 4 is missing from the map, its headers list 103. All are observed hourly, 0...10 h.
/// - Flares: M2.0 of 100 at 5 h, C3.0 of 101 at 20 h, X1.0 without region at 3 h, C1.0 of
///   999 (in no HARP) at 4 h, M1.0 of 103 at 30 h.
enum LabelerScenario {
    static let map = HARPNOAAMap(regionsByHARP: [1: [100], 2: [100, 101], 3: []])

    static func observations() -> [SHARPObservation] {
        let all = LabelTimeline.observations(harp: 1, from: 0, to: 10, regions: [100])
            + LabelTimeline.observations(harp: 2, from: 0, to: 10, regions: [100, 101])
            + LabelTimeline.observations(harp: 3, from: 0, to: 10)
            + LabelTimeline.observations(harp: 4, from: 0, to: 10, regions: [103])
        var generator = SeededGenerator(seed: 4)
        return generator.permutation(all.count).map { all[$0] }
    }

    static func events() throws -> [FlareEvent] {
        [
            try LabelTimeline.flare("M2.0", at: 5, region: 100),
            try LabelTimeline.flare("C3.0", at: 20, region: 101),
            try LabelTimeline.flare("X1.0", at: 3, region: nil),
            try LabelTimeline.flare("C1.0", at: 4, region: 999),
            try LabelTimeline.flare("M1.0", at: 30, region: 103),
        ]
    }
}

@Suite("Sample labeler")
struct LabelsSampleLabelerTests {
    @Test func labelsEverySampleAsWorkedOutByHand() throws {
        let manifest = try SampleLabeler().label(
            observations: LabelerScenario.observations(), events: LabelerScenario.events(), map: LabelerScenario.map)
        #expect(manifest.samples.count == 44)
        let keys = manifest.samples.map { [$0.harpNumber, Int($0.time.timeIntervalSince(LabelTimeline.origin) / 3600)] }
        #expect(keys == (1...4).flatMap { harp in (0...10).map { [harp, $0] } })

        func sample(_ harp: Int, _ hour: Int) -> LabeledSample {
            manifest.samples[(harp - 1) * 11 + hour]
        }
        // HARP 1: M flare at 5 h.
        let m2 = try FlareClass("M2.0")
        for hour in 0...10 {
            let s = sample(1, hour)
            #expect(s.isFlaringRegion)
            #expect(s.sampleClass == (hour < 5 ? .M : (hour == 5 ? .NO2 : .NO3)), "HARP 1 hour \(hour)")
            #expect(s.timeToFlare?.hours == Double(hour - 5))
            #expect(s.largestForwardFlare == (hour < 5 ? m2 : nil))
        }
        // HARP 2: the same M flare, then C at 20 h.
        for hour in 0...10 {
            let s = sample(2, hour)
            #expect(s.isFlaringRegion)
            #expect(s.sampleClass == (hour < 5 ? .M : .C), "HARP 2 hour \(hour)")
            #expect(s.timeToFlare?.hours == Double(hour - 5))
        }
        // HARP 3: no region, so no flare.
        for hour in 0...10 {
            let s = sample(3, hour)
            #expect(!s.isFlaringRegion)
            #expect(s.sampleClass == .NO1)
            #expect(s.timeToFlare == nil)
        }
        // HARP 4: its M flare peaks 20 h after its last observation: still a flare of its disk
        // passage, so flaring (the paper's rule), with M samples within 24 h.
        for hour in 0...10 {
            let s = sample(4, hour)
            #expect(s.isFlaringRegion)
            #expect(s.sampleClass == (hour >= 6 ? .M : .NO2), "HARP 4 hour \(hour)")
            #expect(s.timeToFlare?.hours == Double(hour - 30))
        }

        let report = manifest.report
        #expect(report.attribution == FlareAttributionReport(
            flareCount: 5, attributedFlareCount: 3, flaresInSeveralHarps: 1, flaresWithoutRegion: 1,
            flaresWithUnmappedRegion: 1, unmappedRegions: [999]))
        #expect(report.sampleCount == 44)
        #expect(report.regionCount == 4)
        #expect(report.flaringRegionCount == 3)
        #expect(report.nonflaringRegionCount == 1)
        #expect(report.flaringSampleCount == 33)
        #expect(report.regionsWithoutNoaaNumber == 1)
        #expect(report.regionsMissingFromMap == 1)
        #expect(report.classCounts == PerSampleClass(x: 0, m: 15, c: 6, no1: 11, no2: 7, no3: 5, no4: 0))
        #expect(report.samplesWithTimeToFlare == 33)
    }

    @Test func withoutAMapTheHeadersListsAreUsed() throws {
        let withMap = try SampleLabeler().label(
            observations: LabelerScenario.observations(), events: LabelerScenario.events(), map: LabelerScenario.map)
        let withoutMap = try SampleLabeler().label(
            observations: LabelerScenario.observations(), events: LabelerScenario.events())
        #expect(withoutMap.samples == withMap.samples)
        #expect(withoutMap.report.regionsMissingFromMap == 0)
    }

    @Test func theObservedSpanRuleCountsOnlyFlaresWithinTheObservationsAndItsMargin() throws {
        var configuration = SampleLabelingConfiguration()
        configuration.flaringRegion.rule = .observedSpan
        func harp4IsFlaring(margin hours: Double) throws -> Bool {
            configuration.flaringRegion.passageMargin = hours * 3600
            let manifest = try SampleLabeler(configuration: configuration).label(
                observations: LabelerScenario.observations(), events: LabelerScenario.events(), map: LabelerScenario.map)
            #expect(manifest.report.flaringRegionCount == (hours >= 20 ? 3 : 2))
            let harp4 = manifest.samples.filter { $0.harpNumber == 4 }
            #expect(Set(harp4.map(\.isFlaringRegion)).count == 1)
            return harp4[0].isFlaringRegion
        }
        #expect(try harp4IsFlaring(margin: 0) == false)     // the M flare peaks 20 h after the last observation
        #expect(try harp4IsFlaring(margin: 19.5) == false)
        #expect(try harp4IsFlaring(margin: 20) == true)
    }

    @Test func theManifestRecordsTheRuleAndOldManifestsReadAsTheObservedSpanRule() throws {
        let manifest = try SampleLabeler().label(
            observations: LabelerScenario.observations(), events: LabelerScenario.events(), map: LabelerScenario.map)
        let json = String(decoding: try manifest.jsonData(), as: UTF8.self)
        #expect(json.contains("\"rule\" : \"whole_disk_passage\""))
        #expect(try SampleManifest(jsonData: manifest.jsonData()).configuration.flaringRegion.rule == .wholeDiskPassage)
        // A manifest written before the rule was recorded was labelled with the observed span.
        let old = json.replacingOccurrences(of: "\"rule\" : \"whole_disk_passage\",", with: "")
        #expect(old != json)
        #expect(try SampleManifest(jsonData: Data(old.utf8)).configuration.flaringRegion.rule == .observedSpan)
    }

    @Test func badSettingsAreTypedErrors() throws {
        var configuration = SampleLabelingConfiguration()
        configuration.timeToFlare.window = -1
        #expect(throws: DatasetsError.self) {
            try SampleLabeler(configuration: configuration).label(observations: [], events: [])
        }
        let empty = try SampleLabeler().label(observations: [], events: LabelerScenario.events())
        #expect(empty.samples.isEmpty)
        #expect(empty.report.attribution.flareCount == 5)
    }
}
