import Foundation
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
