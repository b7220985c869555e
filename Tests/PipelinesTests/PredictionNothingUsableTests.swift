import Architectures
import Foundation
import NeuralCore
import Testing

@testable import Pipelines

/// A prediction that keeps no sample is an error naming the input and why, never an empty
/// table written with exit 0.
@Suite("Ensemble prediction with no usable sample")
struct PredictionNothingUsableTests {
    /// An LRCN of more frames than any passage of the small archive holds: every sample's video
    /// is short, so nothing can be predicted.
    @Test func everySampleSkippedIsAnErrorNamingTheManifestAndTheReason() throws {
        let folder = try PredictionFixtures.folder("nothing-usable")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (summary, manifest) = try PredictionFixtures.archive(in: folder)
        let manifestURL = folder.appendingPathComponent("manifest.json")
        try manifest.write(to: manifestURL)
        let lrcn = try PredictionFixtures.lrcn(frames: 400, size: 16, seed: 41)
        let weights = [try PredictionFixtures.save(lrcn, as: "lrcn", in: folder)]
        let predictor = try EnsemblePredictor(weights: weights, configuration: .init(batchSize: 8))
        do {
            let prediction = try predictor.predict(.manifest(manifestURL, archive: URL(fileURLWithPath: summary.magnetogramFolder)))
            Issue.record("predicted \(prediction.samples.count) samples, skipped \(prediction.skipped.count): expected an error")
        } catch let error as PipelinesError {
            guard case let .insufficientData(_, reason) = error else { Issue.record("unexpected \(error)"); return }
            let count = manifest.samples.count
            #expect(reason.contains(manifestURL.path))
            #expect(reason.contains("0 of \(count) samples usable: \(count) skipped"))
            #expect(reason.contains("video of 400 frames"))
        }
    }
}

/// A weight file whose network could not run a batch in the memory available is refused when
/// the predictor is made, before any input is read.
@Suite("Ensemble prediction memory check")
struct PredictionMemoryCheckTests {
    @Test func aHugeInputSizeIsRefusedWithTheEstimate() throws {
        let folder = try PredictionFixtures.folder("memory")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = CNN2Configuration()
        configuration.inputSize = 3000   // CNN-2's weights do not depend on the input size
        var generator = SeededGenerator(seed: 5)
        let model = try FlareModel(.cnn2(configuration), generator: &generator)
        let weights = try PredictionFixtures.save(model, as: "huge", in: folder)
        let error = try #require(throws: PipelinesError.self) {
            try EnsemblePredictor(weights: [weights], configuration: .init(batchSize: 64))
        }
        #expect(error.description.contains("needs an estimated") && error.description.contains(weights.path))
    }
}
