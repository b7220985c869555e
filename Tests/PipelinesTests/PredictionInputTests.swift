import Architectures
import Datasets
import Foundation
import NeuralCore
import Testing

@testable import Pipelines

/// `EnsemblePredictor` on FITS files and `.npy` batches, and its typed errors.
@Suite("Ensemble prediction on FITS files and batches")
struct PredictionInputTests {
    /// Four models, two of one preparation (they share a source), a CNN-1 of the same size but
    /// another preprocessing and a CNN-2 of another input size, on the same FITS files: each
    /// column is that model's output on inputs prepared here file by file from its own
    /// preprocessing.
    @Test func modelsOfDifferentInputSizesOnTheSameFITSFiles() throws {
        let folder = try PredictionFixtures.folder("fits")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (summary, _) = try PredictionFixtures.archive(in: folder)
        let files = Array(try PredictionFixtures.magnetograms(in: summary).prefix(12))
        let models = [
            try PredictionFixtures.cnn1(seed: 1), try PredictionFixtures.cnn1(seed: 2), try PredictionFixtures.cnn2(seed: 3),
            try PredictionFixtures.cnn1(seed: 1, preprocessing: PredictionFixtures.preprocessing(scale: 4e-3, clip: 300)),
        ]
        let weights = try models.enumerated().map { try PredictionFixtures.save($1, as: "m\($0)", in: folder) }

        var calls: [(Int, Int)] = []
        let prediction = try EnsemblePredictor(weights: weights, configuration: .init(batchSize: 5))
            .predict(.magnetograms(files)) { calls.append(($0, $1)) }

        #expect(prediction.samples.map(\.id) == files.map(\.path))
        #expect(prediction.skipped.isEmpty)
        for (index, model) in models.enumerated() {
            let expected = try model.probabilities(for: PredictionFixtures.preparedBatch(files.map(\.path), for: model))
            #expect(PredictionFixtures.close(prediction.probabilities(ofModel: index), expected), "model \(index)")
            #expect(expected.contains { $0 > 1e-4 && $0 < 1 - 1e-4 }, "model \(index) is saturated: \(expected)")
        }
        #expect(calls.map(\.0) == [0, 5, 10, 12] && calls.allSatisfy { $0.1 == 12 })
        // Same weights, other preprocessing: the outputs differ, so each model's own preparation counts.
        #expect(!PredictionFixtures.close(prediction.probabilities(ofModel: 0), prediction.probabilities(ofModel: 3)))
    }

    /// The LRCN reads the files as one video: equal to its output on the stacked frames; any
    /// other count is a typed error naming the weight file.
    @Test func lrcnReadsTheFilesAsOneVideoOfItsFrameCount() throws {
        let folder = try PredictionFixtures.folder("lrcn-fits")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (summary, _) = try PredictionFixtures.archive(in: folder)
        let files = try PredictionFixtures.magnetograms(in: summary)
        let model = try PredictionFixtures.lrcn(seed: 4)
        let weights = try PredictionFixtures.save(model, as: "lrcn", in: folder)
        let predictor = try EnsemblePredictor(weights: [weights])

        let video = Array(files.prefix(3))
        let prediction = try predictor.predict(.magnetograms(video))
        let expected = try model.probabilities(for: PredictionFixtures.preparedBatch(video.map(\.path), for: model, asVideo: true))
        #expect(prediction.samples.count == 1 && prediction.samples[0].id == video[2].path)
        #expect(PredictionFixtures.close(prediction.samples.map(\.median), expected))

        for count in [2, 4] {
            do {
                _ = try predictor.predict(.magnetograms(Array(files.prefix(count))))
                Issue.record("\(count) frames for a 3-frame LRCN were accepted")
            } catch let error as PipelinesError {
                guard case .invalidSetting = error else { Issue.record("unexpected \(error)"); continue }
                #expect(error.description.contains(weights.path) && error.description.contains("\(count) files"))
            }
        }
        // An LRCN and a CNN cannot share FITS files (one video versus one sample per file).
        let cnn = try PredictionFixtures.save(try PredictionFixtures.cnn1(seed: 5), as: "cnn", in: folder)
        #expect(throws: PipelinesError.self) { try EnsemblePredictor(weights: [weights, cnn]).predict(.magnetograms(video)) }
    }

    @Test func emptyInputAndBadBatchesAreTypedErrors() throws {
        let folder = try PredictionFixtures.folder("errors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = try PredictionFixtures.save(try PredictionFixtures.cnn1(seed: 1), as: "cnn1-16", in: folder)
        let large = try PredictionFixtures.save(try PredictionFixtures.cnn2(seed: 2), as: "cnn2-32", in: folder)
        let predictor = try EnsemblePredictor(weights: [small, large])

        #expect(throws: PipelinesError.insufficientData(stage: "ensemble prediction", reason: "no FITS files given")) {
            try predictor.predict(.magnetograms([]))
        }
        #expect(throws: PipelinesError.self) { try EnsemblePredictor(weights: []) }

        // A 16 x 16 batch fits the CNN-1, not the CNN-2: the error names the CNN-2's file.
        let batch = try Tensor(shape: [2, 1, 16, 16], repeating: 0.1)
        do {
            _ = try predictor.predict(.tensor(batch, name: "x.npy"))
            Issue.record("a batch of the wrong shape was accepted")
        } catch let PipelinesError.file(path, problem) {
            #expect(path == large.path)
            #expect(problem.contains("expected shape [2, 1, 32, 32]"))
        }
        // The same through a float32 .npy file; a float64 file is refused with its name.
        let npy = folder.appendingPathComponent("batch.npy")
        try NumpyArray.write(batch, to: npy)
        let single = try EnsemblePredictor(weights: [small]).predict(.batch(npy))
        #expect(single.samples.map(\.id) == ["\(npy.path)[0]", "\(npy.path)[1]"])
        let doubles = folder.appendingPathComponent("doubles.npy")
        try NumpyArray.write([Double](repeating: 0, count: 256), shape: [1, 1, 16, 16], to: doubles)
        #expect(throws: NeuralCoreError.file(path: doubles.path, problem: "the input batch must be float32, not float64")) {
            try EnsemblePredictor(weights: [small]).predict(.batch(doubles))
        }
    }

    @Test func weightsWithoutMetadataNeedTheArchitecture() throws {
        let folder = try PredictionFixtures.folder("metadata")
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SeededGenerator(seed: 9)
        var configuration = CNN1Configuration()      // default filters, as the flags build it
        configuration.inputSize = 16
        let model = try FlareModel(.cnn1(configuration), generator: &generator)
        let bare = folder.appendingPathComponent("bare.safetensors")
        try model.saveWeights(to: bare)

        do {
            _ = try EnsembleMember.load(weights: bare)
            Issue.record("a file without metadata loaded without an architecture")
        } catch let PipelinesError.file(path, _) {
            #expect(path == bare.path)
        }
        let member = try EnsembleMember.load(weights: bare, architecture: .cnn1, inputSize: 16)
        #expect(member.sampleShape == [1, 16, 16])
        // A metadata file whose architecture disagrees, and a file that is not weights.
        let described = try PredictionFixtures.save(try PredictionFixtures.cnn1(seed: 1), as: "described", in: folder)
        #expect(throws: ArchitecturesError.self) { try EnsembleMember.load(weights: described, architecture: .lrcn) }
        let missing = folder.appendingPathComponent("missing.safetensors")
        do {
            _ = try EnsemblePredictor(weights: [described, missing])
            Issue.record("a missing weight file loaded")
        } catch {
            #expect(String(describing: error).contains(missing.path))
        }
    }
}
