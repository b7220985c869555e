import Architectures
import Foundation
import NeuralCore
import Testing

@testable import Pipelines

/// The ensemble's median, by hand and for ensembles of one, two and three models on a batch.
@Suite("Ensemble median")
struct PredictionMedianTests {
    @Test func medianOfHandBuiltLists() {
        #expect(EnsemblePrediction.median(of: []) == nil)
        #expect(EnsemblePrediction.median(of: [0.3]) == 0.3)
        #expect(EnsemblePrediction.median(of: [0.8, 0.2]) == 0.5)
        #expect(EnsemblePrediction.median(of: [0.9, 0.1, 0.25]) == 0.25)
        #expect(EnsemblePrediction.median(of: [0.75, 0.125, 1, 0.25]) == 0.5)       // (0.25 + 0.75) / 2
        #expect(EnsemblePrediction.median(of: [0.5, 0.5, 0.5, 0.0, 1.0]) == 0.5)
    }

    /// Ensembles of 1, 2 and 3 CNN-1s on one prepared batch: every column is that model's own
    /// output, and the median is the value itself, the mean of two, or the sum minus the
    /// largest and the smallest of three.
    @Test(arguments: [1, 2, 3])
    func ensembleOfModelsOnABatch(count: Int) throws {
        let folder = try PredictionFixtures.folder("median")
        defer { try? FileManager.default.removeItem(at: folder) }
        let models = try (0..<count).map { try PredictionFixtures.cnn1(seed: UInt64(10 + $0)) }
        let weights = try models.enumerated().map { try PredictionFixtures.save($1, as: "m\($0)", in: folder) }
        var generator = SeededGenerator(seed: 5)
        let batch = try generator.uniformTensor(shape: [7, 1, 16, 16], low: -2, high: 2)

        let prediction = try EnsemblePredictor(weights: weights, configuration: .init(batchSize: 3))
            .predict(.tensor(batch, name: "x"))
        let expected = try models.map { try $0.probabilities(for: batch) }
        #expect(prediction.models == weights.map(\.path))
        #expect(prediction.samples.map(\.id) == (0..<7).map { "x[\($0)]" })
        for model in 0..<count {
            #expect(PredictionFixtures.close(prediction.probabilities(ofModel: model), expected[model]))
        }
        for sample in 0..<7 {
            let values = expected.map { Double($0[sample]) }
            let median: Double = switch count {
            case 1: values[0]
            case 2: (values[0] + values[1]) / 2
            default: values.reduce(0, +) - values.max()! - values.min()!
            }
            #expect(abs(Double(prediction.samples[sample].median) - median) <= 1e-6, "sample \(sample): \(values)")
        }
        // The models disagree (else the median would not be tested).
        if count > 1 { #expect(expected[0] != expected[1]) }
    }
}
