import Foundation
import Testing

@testable import Datasets

/// Hand-built timelines for the label tests: instants in hours from 2012-01-01T00:00:00Z.
enum LabelTimeline {
    static let origin = Date(timeIntervalSince1970: 1_325_376_000)

    static func at(_ hours: Double) -> Date { origin.addingTimeInterval(hours * 3600) }

    static func flare(_ flareClass: String, at hours: Double, region: Int?) throws -> FlareEvent {
        let peak = at(hours)
        return FlareEvent(
            start: peak.addingTimeInterval(-600), peak: peak, end: peak.addingTimeInterval(900),
            flareClass: try FlareClass(flareClass), noaaRegion: region)
    }

    static func observation(harp: Int, at hours: Double, regions: [Int] = []) -> SHARPObservation {
        SHARPObservation(harpNumber: harp, time: at(hours), path: "harp\(harp)/t\(hours).fits", noaaRegions: regions)
    }

    /// Hourly observations of a HARP from `first` to `last` hours inclusive.
    static func observations(harp: Int, from first: Int, to last: Int, regions: [Int] = []) -> [SHARPObservation] {
        (first...last).map { observation(harp: harp, at: Double($0), regions: regions) }
    }
}

@Suite("Flare attribution and flaring regions")
struct LabelsTests {
    @Test func aRegionInTwoHARPsLabelsBoth() throws {
        let map = HARPNOAAMap(regionsByHARP: [1: [100], 2: [101, 100], 3: [102]])
        let m = try LabelTimeline.flare("M2.0", at: 30, region: 100)
        let c = try LabelTimeline.flare("C5.0", at: 10, region: 101)
        let attribution = FlareAttribution(events: [m, c], map: map)
        #expect(attribution.flares(ofHARP: 1) == [m])
        #expect(attribution.flares(ofHARP: 2) == [c, m])       // ordered by peak, not input order
        #expect(attribution.flares(ofHARP: 3).isEmpty)
        #expect(attribution.flares(ofHARP: 2, atLeast: .m1) == [m])
        #expect(attribution.report.flaresInSeveralHarps == 1)
        #expect(attribution.report.attributedFlareCount == 2)
    }

    @Test func flaresWithoutARegionOrOutsideEveryHARPLabelNothing() throws {
        let map = HARPNOAAMap(regionsByHARP: [1: [100]])
        let events = [
            try LabelTimeline.flare("X1.0", at: 5, region: nil),
            try LabelTimeline.flare("M1.0", at: 6, region: nil),
            try LabelTimeline.flare("C1.0", at: 7, region: 999),
            try LabelTimeline.flare("C2.0", at: 8, region: 998),
            try LabelTimeline.flare("C3.0", at: 9, region: 999),
            try LabelTimeline.flare("C4.0", at: 10, region: 100),
        ]
        let attribution = FlareAttribution(events: events, map: map)
        #expect(attribution.flares(ofHARP: 1) == [events[5]])
        #expect(attribution.flaresByHARP.count == 1)
        let report = attribution.report
        #expect(report.flareCount == 6)
        #expect(report.flaresWithoutRegion == 2)
        #expect(report.flaresWithUnmappedRegion == 3)
        #expect(report.unmappedRegions == [998, 999])
        #expect(report.attributedFlareCount == 1)
        #expect(report.flaresInSeveralHarps == 0)
    }

    @Test func aHARPListingARegionTwiceGetsTheFlareOnce() throws {
        let map = HARPNOAAMap(regionsByHARP: [7: [100, 100]])
        let flare = try LabelTimeline.flare("C1.0", at: 1, region: 100)
        let attribution = FlareAttribution(events: [flare], map: map)
        #expect(attribution.flares(ofHARP: 7) == [flare])
        #expect(attribution.report.flaresInSeveralHarps == 0)
    }

    @Test func theObservationsOwnListsMakeAMap() throws {
        let observations = [
            LabelTimeline.observation(harp: 5, at: 0, regions: [200]),
            LabelTimeline.observation(harp: 5, at: 1, regions: [200, 201]),
            LabelTimeline.observation(harp: 6, at: 0, regions: [201]),
            LabelTimeline.observation(harp: 8, at: 0, regions: []),
        ]
        let map = HARPNOAAMap(observations: observations)
        #expect(map.regions(ofHARP: 5) == [200, 201])
        #expect(map.harps(holdingRegion: 201) == [5, 6])
        #expect(map.regionsByHARP[8] == [])
        let flare = try LabelTimeline.flare("M1.0", at: 3, region: 201)
        let attribution = FlareAttribution(events: [flare], observations: observations)
        #expect(attribution.flares(ofHARP: 5) == [flare])
        #expect(attribution.flares(ofHARP: 6) == [flare])
        #expect(attribution.flares(ofHARP: 8).isEmpty)
    }

    @Test func aHARPIsFlaringWhenAnyM1FlareOfItsRegionsPeaksWhateverTheObservationsGiven() throws {
        let observations = LabelTimeline.observations(harp: 1, from: 0, to: 100, regions: [100])
        let map = HARPNOAAMap(regionsByHARP: [1: [100]])
        func flaring(_ events: [FlareEvent]) throws -> Bool? {
            try FlaringRegionCriterion().flaringFlags(
                observations: observations, attribution: FlareAttribution(events: events, map: map))[1]
        }
        #expect(try flaring([LabelTimeline.flare("M1.0", at: 50, region: 100)]) == true)
        #expect(try flaring([LabelTimeline.flare("M1.0", at: 160, region: 100)]) == true)    // after the last observation
        #expect(try flaring([LabelTimeline.flare("X1.0", at: -30, region: 100)]) == true)    // before the first
        #expect(try flaring([LabelTimeline.flare("C9.9", at: 50, region: 100)]) == false)
        #expect(try flaring([LabelTimeline.flare("M1.0", at: 50, region: 101)]) == false)    // another region's
        #expect(try flaring([]) == false)
    }

    @Test func theObservedSpanRuleCountsFlaresPeakingDuringTheObservationsGiven() throws {
        let observations = LabelTimeline.observations(harp: 1, from: 0, to: 100, regions: [100])
        let map = HARPNOAAMap(regionsByHARP: [1: [100]])
        func flaring(_ events: [FlareEvent], margin: TimeInterval = 0) throws -> Bool? {
            let criterion = FlaringRegionCriterion(rule: .observedSpan, passageMargin: margin)
            return try criterion.flaringFlags(
                observations: observations, attribution: FlareAttribution(events: events, map: map))[1]
        }
        #expect(try flaring([LabelTimeline.flare("M1.0", at: 50, region: 100)]) == true)
        #expect(try flaring([LabelTimeline.flare("X3.0", at: 0, region: 100)]) == true)      // first observation
        #expect(try flaring([LabelTimeline.flare("M1.0", at: 100, region: 100)]) == true)    // last observation
        #expect(try flaring([LabelTimeline.flare("C9.9", at: 50, region: 100)]) == false)
        #expect(try flaring([LabelTimeline.flare("M1.0", at: 101, region: 100)]) == false)
        #expect(try flaring([LabelTimeline.flare("M1.0", at: -1, region: 100)]) == false)
        #expect(try flaring([LabelTimeline.flare("M1.0", at: 101, region: 100)], margin: 3600) == true)
        #expect(try flaring([LabelTimeline.flare("M1.0", at: -1, region: 100)], margin: 3600) == true)
        #expect(try flaring([LabelTimeline.flare("M1.0", at: 101.5, region: 100)], margin: 3600) == false)
        #expect(try flaring([]) == false)
        #expect(throws: DatasetsError.self) { try flaring([], margin: -1) }
        #expect(throws: DatasetsError.self) { try flaring([], margin: .nan) }
    }

    @Test func aFlareOfASharedRegionMakesBothHARPsFlaring() throws {
        let observations = LabelTimeline.observations(harp: 1, from: 0, to: 10)
            + LabelTimeline.observations(harp: 2, from: 5, to: 20)
            + LabelTimeline.observations(harp: 3, from: 0, to: 20)
        let map = HARPNOAAMap(regionsByHARP: [1: [100], 2: [100, 101], 3: [102]])
        let attribution = FlareAttribution(events: [try LabelTimeline.flare("M5.0", at: 8, region: 100)], map: map)
        let flags = try FlaringRegionCriterion().flaringFlags(observations: observations, attribution: attribution)
        #expect(flags == [1: true, 2: true, 3: false])
    }

    @Test func passagesSpanFirstToLastObservation() throws {
        let observations = [
            LabelTimeline.observation(harp: 4, at: 9), LabelTimeline.observation(harp: 4, at: 2),
            LabelTimeline.observation(harp: 4, at: 5),
        ]
        let passage = try #require(RegionPassage.passages(of: observations)[4])
        #expect(passage.first == LabelTimeline.at(2))
        #expect(passage.last == LabelTimeline.at(9))
        #expect(throws: DatasetsError.self) {
            try RegionPassage(harpNumber: 4, first: LabelTimeline.at(2), last: LabelTimeline.at(1))
        }
    }
}
