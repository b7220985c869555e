import Architectures
import Datasets
import Foundation
import Losses
import NeuralCore
import Testing

@testable import Pipelines

/// `EnsemblePredictor` on a sample manifest: one row per sample with its labels, LRCN videos
/// from the archive with incomplete ones skipped, and the archive required for the LRCN.
@Suite("Ensemble prediction on a manifest")
struct PredictionManifestTests {
    static func identifier(_ sample: LabeledSample) -> String {
        "HARP \(sample.harpNumber) " + sample.time.formatted(.iso8601)
    }

    @Test func cnnsGiveOneLabelledRowPerSample() throws {
        let folder = try PredictionFixtures.folder("manifest")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, manifest) = try PredictionFixtures.archive(in: folder)
        let manifestURL = folder.appendingPathComponent("manifest.json")
        try manifest.write(to: manifestURL)
        let models = [try PredictionFixtures.cnn1(seed: 21), try PredictionFixtures.cnn2(seed: 22)]
        let weights = try models.enumerated().map { try PredictionFixtures.save($1, as: "m\($0)", in: folder) }

        let prediction = try EnsemblePredictor(weights: weights, configuration: .init(batchSize: 16))
            .predict(.manifest(manifestURL, archive: nil))

        #expect(manifest.samples.count > 20)
        #expect(prediction.samples.count == manifest.samples.count && prediction.skipped.isEmpty)
        #expect(prediction.samples.map(\.id) == manifest.samples.map(Self.identifier))
        #expect(prediction.samples.map(\.label) == manifest.samples.map(\.regionLabel))
        #expect(prediction.samples.map(\.sampleClass) == manifest.samples.map(\.sampleClass))
        #expect(Set(manifest.samples.map(\.regionLabel)) == [0, 1], "the archive should hold both kinds of region")
        let paths = manifest.samples.map(\.observation.path)
        for (index, model) in models.enumerated() {
            let expected = try model.probabilities(for: PredictionFixtures.preparedBatch(paths, for: model))
            #expect(PredictionFixtures.close(prediction.probabilities(ofModel: index), expected), "model \(index)")
        }
        // The TSS of the median at 0.5, counted here.
        let matrix = try #require(try prediction.confusionMatrix())
        var (tp, fn, fp, tn) = (0, 0, 0, 0)
        for sample in prediction.samples {
            let positive = (Double(sample.probabilities[0]) + Double(sample.probabilities[1])) / 2 >= 0.5
            switch (sample.label == 1, positive) {
            case (true, true): tp += 1
            case (true, false): fn += 1
            case (false, true): fp += 1
            case (false, false): tn += 1
            }
        }
        #expect(matrix == ConfusionMatrix(tp: tp, tn: tn, fp: fp, fn: fn))
    }

    /// An LRCN of 3 frames with a CNN: videos ending at each sample at 36 minutes; the first
    /// two samples of each passage cannot be filled and are skipped with the reason, for both
    /// models; the rest equal the LRCN on the three files found here by time.
    @Test func lrcnVideosFromTheArchiveAndSkippedSamples() throws {
        let folder = try PredictionFixtures.folder("manifest-lrcn")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (summary, manifest) = try PredictionFixtures.archive(in: folder)
        let manifestURL = folder.appendingPathComponent("manifest.json")
        try manifest.write(to: manifestURL)
        let lrcn = try PredictionFixtures.lrcn(seed: 31), cnn = try PredictionFixtures.cnn1(seed: 32)
        let weights = [
            try PredictionFixtures.save(lrcn, as: "lrcn", in: folder), try PredictionFixtures.save(cnn, as: "cnn", in: folder),
        ]
        let predictor = try EnsemblePredictor(weights: weights, configuration: .init(batchSize: 7))

        // Without the archive: a typed error naming the LRCN's weight file.
        do {
            _ = try predictor.predict(.manifest(manifestURL, archive: nil))
            Issue.record("an LRCN ran on a manifest without an archive")
        } catch let error as PipelinesError {
            guard case .invalidSetting = error else { Issue.record("unexpected \(error)"); return }
            #expect(error.description.contains(weights[0].path))
        }

        let prediction = try predictor.predict(.manifest(manifestURL, archive: URL(fileURLWithPath: summary.magnetogramFolder)))

        // The frames by hand: the same HARP's observations within 18 minutes of t - 72 min,
        // t - 36 min and t.
        var expectedVideos: [(id: String, sample: LabeledSample, frames: [String])] = []
        var expectedSkipped: [String] = []
        for sample in manifest.samples {
            let frames = (0..<3).map { k -> String? in
                let due = sample.time.addingTimeInterval(-Double(2 - k) * 36 * 60)
                return manifest.samples.first {
                    $0.harpNumber == sample.harpNumber && abs($0.time.timeIntervalSince(due)) <= 18 * 60
                }?.observation.path
            }
            if frames.allSatisfy({ $0 != nil }) {
                expectedVideos.append((Self.identifier(sample), sample, frames.compactMap { $0 }))
            } else {
                expectedSkipped.append(Self.identifier(sample))
            }
        }
        #expect(!expectedSkipped.isEmpty && !expectedVideos.isEmpty)
        #expect(prediction.samples.map(\.id) == expectedVideos.map(\.id))
        #expect(prediction.skipped.map(\.id) == expectedSkipped)
        #expect(prediction.skipped.allSatisfy { $0.reason.contains("video of 3 frames") && $0.reason.contains("frame") })
        #expect(prediction.samples.map(\.label) == expectedVideos.map(\.sample.regionLabel))

        var videoScalars: [Float] = []
        for video in expectedVideos {
            videoScalars += try PredictionFixtures.preparedBatch(video.frames, for: lrcn, asVideo: true).scalars
        }
        let videos = try Tensor(shape: [expectedVideos.count, 3, 1, 16, 16], scalars: videoScalars)
        #expect(PredictionFixtures.close(prediction.probabilities(ofModel: 0), try lrcn.probabilities(for: videos)))
        let images = try PredictionFixtures.preparedBatch(expectedVideos.map(\.sample.observation.path), for: cnn)
        #expect(PredictionFixtures.close(prediction.probabilities(ofModel: 1), try cnn.probabilities(for: images)))
    }
}
