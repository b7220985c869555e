import Architectures
import Datasets
import Foundation
import NeuralCore
import Testing

@testable import Pipelines

/// Tiny models, a small synthetic archive and independent input preparation for the
/// prediction tests.
enum PredictionFixtures {
    /// A fresh temporary folder; the caller removes it.
    static func folder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prediction-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Scaled inputs (the synthetic field is hundreds of gauss) keep the untrained networks away
    /// from a saturated sigmoid, so a wrong preparation changes the probabilities.
    static func preprocessing(scale: Float, clip: Float? = nil) -> InputPreprocessing {
        InputPreprocessing(nanFill: 0, clip: clip, scale: scale)
    }

    static func cnn1(size: Int = 16, seed: UInt64, preprocessing: InputPreprocessing = preprocessing(scale: 1e-3)) throws -> FlareModel {
        var generator = SeededGenerator(seed: seed)
        var configuration = CNN1Configuration()
        configuration.inputSize = size
        configuration.filters = [2, 2]
        configuration.denseUnits = 4
        return try FlareModel(.cnn1(configuration), preprocessing: preprocessing, generator: &generator)
    }

    static func cnn2(size: Int = 32, seed: UInt64, preprocessing: InputPreprocessing = preprocessing(scale: 2e-3, clip: 1500)) throws -> FlareModel {
        var generator = SeededGenerator(seed: seed)
        var configuration = CNN2Configuration()
        configuration.inputSize = size
        configuration.stemFilters = [2, 2]
        configuration.inceptionFilters = 2
        return try FlareModel(.cnn2(configuration), preprocessing: preprocessing, generator: &generator)
    }

    static func lrcn(frames: Int = 3, size: Int = 16, seed: UInt64) throws -> FlareModel {
        var generator = SeededGenerator(seed: seed)
        var configuration = LRCNConfiguration()
        configuration.frames = frames
        configuration.frameSize = size
        configuration.filters = [2, 2]
        configuration.kernelSizes = [3, 3]   // two stride-2 blocks fit 16 x 16 frames
        configuration.denseUnits = 4
        configuration.lstmUnits = 3
        return try FlareModel(.lrcn(configuration), preprocessing: preprocessing(scale: 1e-3), generator: &generator)
    }

    /// Saves `model` as `name.safetensors` in `folder`.
    static func save(_ model: FlareModel, as name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("\(name).safetensors")
        try model.save(to: url)
        return url
    }

    /// The small synthetic archive (8 regions of 12 frames at 36 minutes, 32 x 48 pixels) and
    /// its manifest, labelled without selection cuts.
    static func archive(in folder: URL, seed: UInt64 = 2012) throws -> (summary: SyntheticArchive.Summary, manifest: SampleManifest) {
        var configuration = SyntheticArchive.Configuration.small
        configuration.seed = seed
        let summary = try SyntheticArchive(configuration: configuration).generate(into: folder.appendingPathComponent("archive"))
        let result = try SampleIndexing(cuts: nil, indexOptions: .init(cache: .disabled)).run(
            directory: URL(fileURLWithPath: summary.magnetogramFolder), catalog: URL(fileURLWithPath: summary.flareCatalogPath),
            harpTable: URL(fileURLWithPath: summary.harpTablePath))
        return (summary, result.manifest)
    }

    /// The magnetogram files of an archive folder, sorted by name (HARP, then time).
    static func magnetograms(in summary: SyntheticArchive.Summary) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: summary.magnetogramFolder)
            .filter { $0.hasSuffix(".magnetogram.fits") }.sorted()
            .map { URL(fileURLWithPath: summary.magnetogramFolder).appendingPathComponent($0) }
    }

    /// Each file prepared on its own, as `model`'s metadata says, stacked into `[N, 1, S, S]`
    /// (or, with `asVideo`, into one `[1, N, 1, S, S]` video).
    static func preparedBatch(_ paths: [String], for model: FlareModel, asVideo: Bool = false) throws -> Tensor {
        let size = model.configuration.sampleShape.last!
        let preparation = try SamplePreparation(
            model.preprocessing, defaultGeometry: .resize(width: size, height: size, method: .bilinear))
        var scalars: [Float] = []
        for path in paths { scalars += try preparation.tensor(contentsOf: path).scalars }
        return try Tensor(shape: asVideo ? [1, paths.count, 1, size, size] : [paths.count, 1, size, size], scalars: scalars)
    }

    /// Whether two probability lists agree to `tolerance`.
    static func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }
}
