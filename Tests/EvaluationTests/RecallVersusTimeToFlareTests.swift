import Foundation
import Losses
import Testing

@testable import Evaluation

@Suite("Instantaneous recall and fixed-lead-time scores (Bhattacharjee Fig. 5, Table 4)")
struct RecallVersusTimeToFlareTests {
    static func sample(_ time: Double?, _ flaring: Bool, _ predicted: Bool) -> FlareTimedPrediction {
        FlareTimedPrediction(timeRelativeToFlare: time, isFlaring: flaring, predictedFlaring: predicted)
    }

    @Test func binsAreHalfOpenHours() throws {
        let samples = [
            Self.sample(-72, true, true),          // first bin [-72, -71)
            Self.sample(-71.5, true, false),       // first bin
            Self.sample(-71, true, true),          // second bin [-71, -70)
            Self.sample(-0.2, true, true),         // [-1, 0): bin 71
            Self.sample(0, true, false),           // [0, 1): bin 72
            Self.sample(72, true, true),           // last bin holds 72 itself
            Self.sample(72.01, true, true),        // outside: unbinned
            Self.sample(nil, true, false),         // no flare time: unbinned
            Self.sample(-10, false, true),         // nonflaring: not in the recall
        ]
        let curve = RecallVersusTimeToFlare(samples: samples)
        #expect(curve.bins.count == 144)
        #expect(curve.bins[0].lower == -72 && curve.bins[0].upper == -71 && curve.bins[0].center == -71.5)
        #expect(curve.bins[0].truePositives == 1 && curve.bins[0].falseNegatives == 1 && curve.bins[0].recall == 0.5)
        #expect(curve.bins[1].count == 1 && curve.bins[1].recall == 1)
        #expect(curve.bins[71].lower == -1 && curve.bins[71].recall == 1)
        #expect(curve.bins[72].lower == 0 && curve.bins[72].recall == 0)
        #expect(curve.bins[143].upper == 72 && curve.bins[143].recall == 1)
        #expect(curve.unbinnedFlaringCount == 2)
        #expect(curve.bins[62].count == 0 && curve.bins[62].recall == nil)   // [-10, -9): only a nonflaring sample
        #expect(curve.bins.reduce(0) { $0 + $1.count } == 6)
    }

    @Test func meanAndDeviationOverModelsUseOnlyModelsWithSamples() throws {
        let bins = try EqualWidthBins(lower: -2, upper: 2, width: 1)
        let a = RecallVersusTimeToFlare(samples: [
            Self.sample(-1.5, true, true), Self.sample(-1.2, true, false),   // bin 0: 0.5
            Self.sample(0.5, true, true),                                   // bin 2: 1
        ], bins: bins)
        let b = RecallVersusTimeToFlare(samples: [
            Self.sample(-1.9, true, true),                                  // bin 0: 1
            Self.sample(0.1, true, false),                                  // bin 2: 0
        ], bins: bins)
        let c = RecallVersusTimeToFlare(samples: [
            Self.sample(-1.1, true, false), Self.sample((-1.0).nextDown, true, false), Self.sample(-1.5, true, true),  // bin 0: 1/3
        ], bins: bins)
        let band = try RecallAcrossModels([a, b, c])
        let bin0 = band.bins[0]
        #expect(bin0.modelCount == 3 && bin0.sampleCount == 6)
        let values = [0.5, 1, 1.0 / 3], mean = values.reduce(0, +) / 3
        #expect(isClose(bin0.mean, mean))
        #expect(isClose(bin0.standardDeviation, (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 2).squareRoot()))
        #expect(band.bins[1].modelCount == 0 && band.bins[1].mean == nil && band.bins[1].standardDeviation == nil)
        #expect(band.bins[2].modelCount == 2 && band.bins[2].mean == 0.5)
        #expect(isClose(band.bins[2].standardDeviation, 0.5.squareRoot()))   // values 1 and 0
        #expect(band.bins[3].modelCount == 0)
        let other = RecallVersusTimeToFlare(samples: [], bins: try EqualWidthBins(lower: -2, upper: 2, count: 2))
        #expect(throws: EvaluationError.self) { try RecallAcrossModels([a, other]) }
    }

    @Test func singleModelHasNoDeviation() throws {
        let band = try RecallAcrossModels([RecallVersusTimeToFlare(samples: [Self.sample(-30, true, true)])])
        let bin = band.bins[42]   // [-30, -29)
        #expect(bin.lower == -30 && bin.modelCount == 1 && bin.mean == 1 && bin.standardDeviation == nil)
    }

    @Test func fixedLeadTimeWindowAndScores() throws {
        let samples = [
            Self.sample(-24.5, true, true),        // in [-24.5, -23.5)
            Self.sample(-24.0, true, true),        // in
            Self.sample(-23.6, true, false),       // in
            Self.sample(-23.5, true, true),        // upper edge: out
            Self.sample(-24.51, true, false),      // out
            Self.sample(nil, true, false),         // out
            Self.sample(nil, false, false), Self.sample(nil, false, false), Self.sample(nil, false, true),
            Self.sample(-24, false, false),        // nonflaring: counted whatever its time
        ]
        let scores = FixedLeadTimeScores(samples: samples)
        #expect(scores.window.lower == -24.5 && scores.window.upper == -23.5)
        #expect(scores.confusion == ConfusionMatrix(tp: 2, tn: 3, fp: 1, fn: 1))
        #expect(scores.excludedFlaringCount == 3)
        #expect(isClose(scores.recall, 2.0 / 3))
        #expect(isClose(scores.trueSkillStatistic, 2.0 / 3 + 3.0 / 4 - 1))
        let within = FixedLeadTimeScores(samples: samples, window: try .before(hours: 24))
        // In [-24, 0): -24 (hit), -23.6 (miss), -23.5 (hit); -24.5, -24.51 and nil are out.
        #expect(within.confusion.tp == 2 && within.confusion.fn == 1 && within.excludedFlaringCount == 3)
        #expect(try FixedLeadTimeScores.Window.leadTime(24, halfWidth: 0.5) == .twentyFourHoursBefore)
    }

    @Test func samplesFromArrays() throws {
        let samples = try FlareTimedPrediction.samples(
            timesRelativeToFlare: [-3, nil, 5], labels: [1, 0, 1], probabilities: [0.5, 0.7, 0.49])
        #expect(samples == [Self.sample(-3, true, true), Self.sample(nil, false, true), Self.sample(5, true, false)])
        #expect(throws: EvaluationError.self) {
            try FlareTimedPrediction.samples(timesRelativeToFlare: [.infinity], labels: [1], probabilities: [0.5])
        }
        #expect(throws: EvaluationError.self) {
            try FlareTimedPrediction.samples(timesRelativeToFlare: [1, 2], labels: [1], probabilities: [0.5])
        }
    }

    @Test func theBandLeavesBinsWithoutSamplesAsGaps() throws {
        let bins = try EqualWidthBins(lower: -2, upper: 2, width: 1)
        // Two models with flaring samples at -1.5 h and 0.5 h only: bins [-1, 0) and [1, 2) are empty.
        let models = [true, false].map { hit in
            RecallVersusTimeToFlare(samples: [
                FlareTimedPrediction(timeRelativeToFlare: -1.5, isFlaring: true, predictedFlaring: hit),
                FlareTimedPrediction(timeRelativeToFlare: 0.5, isFlaring: true, predictedFlaring: true),
            ], bins: bins)
        }
        let figure = try RecallAcrossModels(models).figure()
        let band = try #require(figure.panels.first?.series.compactMap { series -> BandSeries? in
            if case let .band(band) = series { return band } else { return nil }
        }.first)
        #expect(band.lower.count == 4 && band.upper.count == 4)
        for k in [1, 3] { #expect(band.lower[k].isNaN && band.upper[k].isNaN) }
        // Bin 0: recalls 1 and 0, mean 0.5, sample std 0.707: the band is clipped to [0, 1].
        #expect(band.lower[0] == 0 && band.upper[0] == 1)
        #expect(band.lower[2] == 1 && band.upper[2] == 1)
    }
}

