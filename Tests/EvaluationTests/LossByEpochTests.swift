import Datasets
import Foundation
import NeuralCore
import Testing

@testable import Evaluation

/// Fig. 13 and Fig. 8 of Bhattacharjee et al. (2020) from hand-made folds and samples.
@Suite("Loss per epoch over folds, resolution of resized inputs")
struct LossByEpochTests {
    /// A fold's history, through its JSON form (`EpochRecord` has no public initialiser).
    static func history(_ losses: [(Double, Double?)]) -> TrainingHistory {
        let epochs = losses.enumerated().map { k, pair in
            "{\"epoch\": \(k + 1), \"loss\": \(pair.0), " + (pair.1.map { "\"validationLoss\": \($0), " } ?? "")
                + "\"validationMetrics\": {}, \"learningRate\": 0.001, \"samplesPerSecond\": 1}"
        }
        let json = "{\"epochs\": [" + epochs.joined(separator: ", ") + "], \"stoppedEarly\": false}"
        return try! JSONDecoder().decode(TrainingHistory.self, from: Data(json.utf8))
    }

    @Test func meanAndSampleDeviationPerEpochOverTheFoldsThatTrainedIt() throws {
        // Fold 3 stopped after two epochs.
        let curve = LossByEpoch([
            Self.history([(1.0, 2.0), (0.5, 1.0), (0.25, 0.75)]),
            Self.history([(3.0, 4.0), (1.5, 2.0), (0.75, 1.25)]),
            Self.history([(2.0, 3.0), (1.0, 1.5)]),
        ])
        #expect(curve.epochs.map(\.epoch) == [1, 2, 3])
        #expect(curve.epochs.map(\.folds) == [3, 3, 2])
        #expect(curve.epochs[0].loss == 2 && curve.epochs[0].lossStandardDeviation == 1)
        #expect(curve.epochs[1].validationLoss == 1.5 && curve.epochs[1].validationLossStandardDeviation == 0.5)
        #expect(curve.epochs[2].loss == 0.5 && abs((curve.epochs[2].lossStandardDeviation ?? 0) - 0.353_553_390_593_273_8) < 1e-12)
        #expect(curve.csv().split(separator: "\n")[1] == "1,3,2.0,1.0,3.0,1.0")
        let svg = try curve.figure().svgText()
        #expect(svg.contains("validation") && svg.contains("Epoch"))
        #expect(LossByEpoch([]).epochs.isEmpty)
    }

    @Test func resolutionsAreScaleTimesSizeOverInputAndUnknownScalesAreCounted() throws {
        func sample(width: Int, height: Int, scale: Double?) -> LabeledSample {
            LabeledSample(
                observation: SHARPObservation(
                    harpNumber: 1, time: Date(timeIntervalSince1970: 0), path: "x.fits", width: width, height: height,
                    pixelScaleX: scale, pixelScaleY: scale),
                isFlaringRegion: false, sampleClass: .NO1)
        }
        let samples = [sample(width: 768, height: 427, scale: 0.03), sample(width: 256, height: 256, scale: 0.03),
                       sample(width: 512, height: 128, scale: 0.03), sample(width: 100, height: 100, scale: nil)]
        let histogram = try InputResolutionHistogram(samples: samples, inputWidth: 256, inputHeight: 256, binCount: 4)
        #expect(histogram.xResolutions == [0.09, 0.03, 0.06].map { $0 * 1 })
        #expect(abs(histogram.yResolutions[0] - 0.03 * 427 / 256) < 1e-12 && histogram.yResolutions[2] == 0.015)
        #expect(histogram.unknown == 1)
        #expect(histogram.xCounts.reduce(0, +) == 3 && histogram.yCounts.reduce(0, +) == 3)
        #expect(histogram.edges.first == 0.015 && histogram.edges.last == 0.09)
        #expect(histogram.xCounts.last == 1)        // 0.09 falls in the last bin
        #expect(throws: EvaluationError.self) {
            try InputResolutionHistogram(samples: [sample(width: 10, height: 10, scale: nil)], inputWidth: 8, inputHeight: 8)
        }
    }
}
