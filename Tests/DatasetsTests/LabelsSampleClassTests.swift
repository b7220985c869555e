import Foundation
import NeuralCore
import Testing

@testable import Datasets

@Suite("Guastavino sample classes")
struct LabelsSampleClassTests {
    /// The class at hour 100 of a HARP with these flares (hours, class).
    func classAt100(_ flares: [(Double, String)], windows: SampleClassWindows = SampleClassWindows()) throws
        -> SampleClassification
    {
        let events = try flares.map { try LabelTimeline.flare($0.1, at: $0.0, region: 1) }
        return try SampleClassifier(flares: events, windows: windows).classify(at: LabelTimeline.at(100))
    }

    @Test func forwardWindowIsOpenAtTheSampleTimeAndClosedAt24Hours() throws {
        #expect(try classAt100([(124, "M1.0")]).sampleClass == .M)              // exactly t + 24 h: in
        #expect(try classAt100([(124 + 1 / 3600, "M1.0")]).sampleClass == .NO2) // one second later: out
        #expect(try classAt100([(100 + 1 / 3600, "C1.0")]).sampleClass == .C)   // one second after t: in
        // Exactly at t: in neither window and not in the past; the only flare, so NO2.
        #expect(try classAt100([(100, "X1.0")]).sampleClass == .NO2)
        #expect(try classAt100([(100, "X1.0"), (90, "C1.0")]).sampleClass == .NO3)
    }

    @Test func backwardWindowIsClosedAt48HoursAndOpenAtTheSampleTime() throws {
        #expect(try classAt100([(52, "C1.0")]).sampleClass == .NO3)             // exactly t - 48 h: in
        #expect(try classAt100([(52 - 1 / 3600, "C1.0")]).sampleClass == .NO4)  // one second earlier: out
        #expect(try classAt100([(100 - 1 / 3600, "C1.0")]).sampleClass == .NO3) // one second before t
    }

    @Test func everyClassFromAHandBuiltTimeline() throws {
        let x = try classAt100([(110, "M5.0"), (120, "X2.1"), (105, "C3.0")])
        #expect(x.sampleClass == .X)
        #expect(x.largestForwardFlare == (try FlareClass("X2.1")))
        let m = try classAt100([(101, "C9.9"), (123, "M1.0"), (130, "X9.0")])
        #expect(m.sampleClass == .M)
        #expect(m.largestForwardFlare == (try FlareClass("M1.0")))
        #expect(try classAt100([(101, "C1.0"), (60, "X1.0")]).sampleClass == .C)
        #expect(try classAt100([]).sampleClass == .NO1)
        #expect(try classAt100([(50, "B9.0"), (110, "A5.0")]).sampleClass == .NO1)   // below C1 is ignored
        #expect(try classAt100([(200, "C1.0")]).sampleClass == .NO2)
        #expect(try classAt100([(60, "C1.0"), (10, "M1.0")]).sampleClass == .NO3)
        #expect(try classAt100([(10, "C1.0"), (300, "X1.0")]).sampleClass == .NO4)
        #expect(try classAt100([(200, "C1.0")]).largestForwardFlare == nil)
    }

    @Test func windowLengthsAreParameters() throws {
        let windows = SampleClassWindows(forward: 6 * 3600, backward: 12 * 3600)
        #expect(try classAt100([(106, "M1.0")], windows: windows).sampleClass == .M)
        #expect(try classAt100([(107, "M1.0")], windows: windows).sampleClass == .NO2)
        #expect(try classAt100([(88, "C1.0")], windows: windows).sampleClass == .NO3)
        #expect(try classAt100([(87, "C1.0")], windows: windows).sampleClass == .NO4)
        #expect(throws: DatasetsError.self) {
            try SampleClassifier(flares: [], windows: SampleClassWindows(forward: 0))
        }
        #expect(throws: DatasetsError.self) {
            try SampleClassifier(flares: [], windows: SampleClassWindows(backward: -.infinity))
        }
    }

    @Test func binaryLabelsFollowTheTask() {
        let observation = LabelTimeline.observation(harp: 1, at: 0)
        let expectations: [(SampleClass, c1: Int, m1: Int)] = [
            (.X, 1, 1), (.M, 1, 1), (.C, 1, 0), (.NO1, 0, 0), (.NO2, 0, 0), (.NO3, 0, 0), (.NO4, 0, 0),
        ]
        for (sampleClass, c1, m1) in expectations {
            let sample = LabeledSample(observation: observation, isFlaringRegion: false, sampleClass: sampleClass)
            #expect(sample.label(for: .c1) == c1)
            #expect(sample.label(for: .m1) == m1)
        }
    }

    /// The definitions of Sect. 2.1 applied by a linear scan over every flare, against the
    /// classifier's binary searches, on random timelines.
    @Test func agreesWithALinearScanOfTheDefinitions() throws {
        var generator = SeededGenerator(seed: 11)
        let classes = ["B5.0", "C1.0", "C4.2", "M1.0", "M7.7", "X1.0", "X3.3"]
        for _ in 0..<20 {
            let flareCount = Int(generator.next() % 8)
            let flares = try (0..<flareCount).map { _ in
                try LabelTimeline.flare(
                    classes[Int(generator.next() % UInt64(classes.count))], at: Double(generator.next() % 400),
                    region: 1)
            }
            let classifier = try SampleClassifier(flares: flares)
            for hour in stride(from: 0.0, through: 400, by: 1) {
                let t = LabelTimeline.at(hour)
                let big = flares.filter { $0.flareClass.peakFlux >= 1e-6 }
                let forward = big.filter { $0.peak > t && $0.peak <= t.addingTimeInterval(86400) }
                let expected: SampleClass
                if let largest = forward.map(\.flareClass.peakFlux).max() {
                    expected = largest >= 1e-4 ? .X : (largest >= 1e-5 ? .M : .C)
                } else if big.isEmpty {
                    expected = .NO1
                } else if big.contains(where: { $0.peak >= t.addingTimeInterval(-172_800) && $0.peak < t }) {
                    expected = .NO3
                } else if big.contains(where: { $0.peak < t.addingTimeInterval(-172_800) }) {
                    expected = .NO4
                } else {
                    expected = .NO2
                }
                #expect(classifier.classify(at: t).sampleClass == expected, "hour \(hour), flares \(flares)")
            }
        }
    }
}
