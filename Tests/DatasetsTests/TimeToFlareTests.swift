import Foundation
import NeuralCore
import Testing

@testable import Datasets

@Suite("Time relative to flare")
struct TimeToFlareTests {
    func assigner(_ flares: [(Double, String)], window: TimeInterval = 72 * 3600) throws -> TimeToFlareAssigner {
        try TimeToFlareAssigner(
            flares: flares.map { try LabelTimeline.flare($0.1, at: $0.0, region: 1) },
            configuration: TimeToFlareConfiguration(window: window))
    }

    /// (flare index, hours) at an hour, or nil.
    func value(_ assigner: TimeToFlareAssigner, _ hour: Double) -> (Int, Double)? {
        assigner.timeToFlare(at: LabelTimeline.at(hour)).map { ($0.flareIndex, $0.hours) }
    }

    func matches(_ result: (Int, Double)?, _ index: Int, _ hours: Double) -> Bool {
        result.map { $0.0 == index && $0.1 == hours } ?? false
    }

    @Test func flares100HoursApartSplitAt50Hours() throws {
        let split = try assigner([(0, "M1.0"), (100, "X2.0")])
        #expect(matches(value(split, -72), 0, -72))
        #expect(value(split, -73) == nil)
        #expect(matches(value(split, 0), 0, 0))
        #expect(matches(value(split, 49), 0, 49))
        #expect(matches(value(split, 50), 0, 50))          // the midpoint goes to the earlier flare
        #expect(matches(value(split, 50.5), 1, -49.5))
        #expect(matches(value(split, 51), 1, -49))
        #expect(matches(value(split, 100), 1, 0))
        #expect(matches(value(split, 172), 1, 72))
        #expect(value(split, 173) == nil)
        #expect(split.timeToFlare(at: LabelTimeline.at(51))?.flareClass == (try FlareClass("X2.0")))
        #expect(split.timeToFlare(at: LabelTimeline.at(51))?.flarePeak == LabelTimeline.at(100))
    }

    @Test func flares200HoursApartAreNotSplit() throws {
        let apart = try assigner([(0, "M1.0"), (200, "M1.0")])
        #expect(matches(value(apart, 72), 0, 72))
        for hour in 73...127 { #expect(value(apart, Double(hour)) == nil, "hour \(hour)") }
        #expect(matches(value(apart, 128), 1, -72))
        #expect(value(apart, 100) == nil)
    }

    @Test func flaresExactly144HoursApartShareNoObservationAndTieToTheEarlier() throws {
        let apart = try assigner([(0, "M1.0"), (144, "M1.0")])
        #expect(matches(value(apart, 71), 0, 71))
        #expect(matches(value(apart, 72), 0, 72))
        #expect(matches(value(apart, 73), 1, -71))
    }

    @Test func flaresBelowTheThresholdAreIgnored() throws {
        let split = try assigner([(0, "M1.0"), (50, "C9.9"), (100, "B1.0")])
        #expect(split.flares.count == 1)
        #expect(matches(value(split, 60), 0, 60))
        #expect(try assigner([(0, "C5.0")]).timeToFlare(at: LabelTimeline.at(1)) == nil)
    }

    @Test func simultaneousFlaresAreOneFlareWithTheLargestClass() throws {
        let same = try assigner([(10, "M1.0"), (10, "X1.5"), (10, "M3.0"), (40, "M2.0")])
        #expect(same.flares.count == 2)
        #expect(same.flares[0].flareClass == (try FlareClass("X1.5")))
        #expect(matches(value(same, 12), 0, 2))
        #expect(matches(value(same, 30), 1, -10))
    }

    @Test func flaresCloserThanTheSampleSpacingGoToTheNearestObservations() throws {
        // Peaks at 10:05 and 10:40; hourly observations at 10:00 and 11:00.
        let close = try assigner([(10 + 5.0 / 60, "M1.0"), (10 + 40.0 / 60, "M1.0")])
        let ten = try #require(close.timeToFlare(at: LabelTimeline.at(10)))
        #expect(ten.flareIndex == 0)
        #expect(abs(ten.hours + 5.0 / 60) < 1e-9)
        let eleven = try #require(close.timeToFlare(at: LabelTimeline.at(11)))
        #expect(eleven.flareIndex == 1)
        #expect(abs(eleven.hours - 20.0 / 60) < 1e-9)
    }

    @Test func theWindowIsAParameterAndMustBePositive() throws {
        let narrow = try assigner([(0, "M1.0")], window: 24 * 3600)
        #expect(matches(value(narrow, 24), 0, 24))
        #expect(value(narrow, 25) == nil)
        #expect(throws: DatasetsError.self) { try assigner([], window: 0) }
        #expect(try assigner([]).timeToFlare(at: LabelTimeline.at(0)) == nil)
    }

    /// Bhattacharjee's rule stated over pairs of consecutive flares, checked against the
    /// assigner on random timelines: an observation between two consecutive flares less than
    /// 144 h apart goes to the first up to the midpoint and to the second after it; otherwise
    /// it goes to a flare within 72 h of it, if any; never to a flare farther than 72 h.
    @Test func agreesWithTheMidpointRuleOnRandomTimelines() throws {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<30 {
            let peaks = Set((0..<Int(generator.next() % 6)).map { _ in Double(generator.next() % 60) * 8 }).sorted()
            let subject = try assigner(peaks.map { ($0, "M1.0") })
            for hour in stride(from: -100.0, through: 600, by: 1) {
                let result = value(subject, hour)
                // The consecutive flares around the hour.
                let before = peaks.last { $0 <= hour }
                let after = peaks.first { $0 > hour }
                var expected: (Int, Double)?
                if let before, let after, after - before < 144 {
                    let first = peaks.firstIndex(of: before)!
                    expected = hour <= (before + after) / 2 ? (first, hour - before) : (first + 1, hour - after)
                } else if let before, hour - before <= 72 {
                    expected = (peaks.firstIndex(of: before)!, hour - before)
                } else if let after, after - hour <= 72 {
                    expected = (peaks.firstIndex(of: after)!, hour - after)
                }
                #expect(result?.0 == expected?.0 && result?.1 == expected?.1, "hour \(hour), peaks \(peaks)")
                if let result { #expect(abs(result.1) <= 72) }
            }
        }
    }
}
