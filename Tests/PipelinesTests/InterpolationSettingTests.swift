import Architectures
import Datasets
import Foundation
import Magnetogram
import NeuralCore
import Resampling
import Testing

@testable import Pipelines

/// The interpolation is a setting of the pipelines, stored in the weight files, so that later
/// commands prepare inputs exactly as training did (Bhattacharjee et al. 2020 resize bicubically,
/// Guastavino et al. 2022 bilinearly).
@Suite("Interpolation as a recorded setting")
struct InterpolationSettingTests {
    /// A magnetogram file prepared by hand: NaN to 0, resized with `method`, in kG.
    static func handPrepared(_ path: String, size: Int, method: ResizeMethod) throws -> [Float] {
        var magnetogram = try Magnetogram(contentsOf: path)
        magnetogram.pixels = magnetogram.pixels.map { $0.isNaN ? 0 : $0 }
        return try magnetogram.resized(width: size, height: size, method: method).pixels.map { $0 * 1e-3 }
    }

    @Test func aModelTrainedOnBicubicInputsPredictsFITSFilesWithBicubicPreparation() throws {
        let folder = try PredictionFixtures.folder("bicubic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (summary, manifest) = try PredictionFixtures.archive(in: folder)

        var configuration = TinyDemo.configuration.bhattacharjee
        configuration.interpolation = .bicubic
        configuration.parts = 2
        configuration.repetitions = 1
        configuration.innerValidationParts = nil
        configuration.occlusion = nil
        configuration.probeRadii = []
        let run = try RunFolder(at: folder.appendingPathComponent("run"))
        // Half the regions flaring, so that both parts of the split hold both classes (the
        // labels do not matter here, only how the inputs are prepared).
        let harps = Array(Set(manifest.samples.map(\.harpNumber))).sorted()
        let samples = manifest.samples.map { sample -> LabeledSample in
            var copy = sample
            copy.isFlaringRegion = harps.firstIndex(of: sample.harpNumber)! % 2 == 0
            return copy
        }
        let result = try BhattacharjeePipeline(configuration: configuration, log: .silent).run(samples: samples, in: run)
        let weights = run.url.appendingPathComponent(try #require(result.folds.first?.weightsPath))

        let model = try FlareModel.load(from: weights)
        #expect(model.preprocessing.geometry == .resize(width: 16, height: 16, method: .bicubic))
        #expect(model.preprocessing.clip == nil)

        let files = Array(try PredictionFixtures.magnetograms(in: summary).prefix(6))
        let prediction = try EnsemblePredictor(weights: [weights]).predict(.magnetograms(files))
        func byHand(_ method: ResizeMethod) throws -> [Float] {
            let scalars = try files.flatMap { try Self.handPrepared($0.path, size: 16, method: method) }
            return try model.probabilities(for: Tensor(shape: [files.count, 1, 16, 16], scalars: scalars))
        }
        let bicubic = try byHand(.bicubic), bilinear = try byHand(.bilinear)
        #expect(PredictionFixtures.close(prediction.probabilities(ofModel: 0), bicubic))
        #expect(!PredictionFixtures.close(bicubic, bilinear, tolerance: 1e-6), "the two preparations must differ for this test to mean anything")
    }

    @Test func theFlareKitDefaultsResizeBilinearlyAndDoNotClip() throws {
        #expect(GuastavinoConfiguration().interpolation == .bilinear)        // the paper's (Sect. 3)
        #expect(BhattacharjeeConfiguration().interpolation == .bilinear)     // the paper's is bicubic: a stated departure
        #expect(BhattacharjeeConfiguration().preprocessing.clip == nil)
        #expect(GuastavinoConfiguration().preprocessing.clip == nil)
    }
}
