import Architectures
import Foundation
import NeuralCore
import Testing

@testable import Interpretability

/// A model trained with a clip sees every field above the clip as the clip: the probe says so
/// (Bhattacharjee et al. 2020, Sect. 4.4 probe fields up to 3000 G and beyond).
@Suite("Bipole probes and the models' clip")
struct BipoleProbeClipTests {
    /// A small CNN-1 whose preprocessing resizes with nearest-neighbour sampling, so that a
    /// uniform bipole reaches it as exactly 0 or ±field (no interpolated edge values).
    func model(clip: Float?) throws -> FlareModel {
        var generator = SeededGenerator(seed: 31)
        var configuration = CNN1Configuration()
        configuration.inputSize = 16
        configuration.filters = [2, 2]
        configuration.denseUnits = 4
        let preprocessing = InputPreprocessing(
            nanFill: 0, clip: clip, scale: 1e-3, geometry: .resize(width: 16, height: 16, method: .nearest))
        return try FlareModel(.cnn1(configuration), preprocessing: preprocessing, generator: &generator)
    }

    func sweep(clip: Float?) throws -> BipoleSweep {
        var settings = BipoleProbeSettings()
        settings.radius = 20
        settings.xResolution = 0.6
        settings.yResolution = 0.6    // 320 x 320 px at 0.03 deg/px: the bipole fits
        return try BipoleProbe(flareModels: [model(clip: clip)]).sweep(.field, values: [1000, 2000, 3000], series: [settings])
    }

    /// The prepared inputs of the 2000 G and 3000 G probes: how many pixels are non-zero, and
    /// how many of those differ between the two.
    func differingPixels(clip: Float?) throws -> (nonZero: Int, differing: Int) {
        let probe = try BipoleProbe(flareModels: [model(clip: clip)])
        var settings = BipoleProbeSettings()
        settings.radius = 20
        settings.xResolution = 0.6
        settings.yResolution = 0.6
        let inputs = try [2000.0, 3000.0].map { field -> [Float] in
            settings.field = field
            let magnetogram = try settings.magnetogram(inputWidth: 16, inputHeight: 16)
            return try probe.preparation.tensor(from: magnetogram, source: "probe").scalars
        }
        let nonZero = inputs[0].filter { $0 != 0 }.count
        let differing = zip(inputs[0], inputs[1]).filter { $0 != $1 }.count
        return (nonZero, differing)
    }

    @Test func aClippedModelCannotTellTwoThousandFromThreeThousandGaussAndTheSweepSaysSo() throws {
        // Whole pixels of 2000 G and 3000 G both reach the network as 1500 G; only the partly
        // covered pixels at the disks' edges (the bipole is area-weighted) still differ.
        let clippedInputs = try differingPixels(clip: 1500)
        #expect(clippedInputs.nonZero > 20)
        #expect(clippedInputs.differing * 4 < clippedInputs.nonZero, "\(clippedInputs)")
        let plainInputs = try differingPixels(clip: nil)
        #expect(plainInputs.differing == plainInputs.nonZero)

        let clipped = try sweep(clip: 1500), plain = try sweep(clip: nil)
        let outputs = clipped.curves[0].points.map(\.mean), plainOutputs = plain.curves[0].points.map(\.mean)
        #expect(abs(outputs[2] - outputs[1]) * 5 < abs(plainOutputs[2] - plainOutputs[1]), "\(outputs) \(plainOutputs)")
        #expect(outputs[0] != outputs[1])
        #expect(clipped.clip == 1500 && clipped.fieldsAboveClip == [2000, 3000])
        #expect(clipped.warnings.count == 1)
        #expect(clipped.warnings[0].contains("±1500 G") && clipped.warnings[0].contains("2000 to 3000 G"))
        let json = try #require(try JSONSerialization.jsonObject(with: clipped.jsonData()) as? [String: Any])
        #expect(json["clip_gauss"] as? Double == 1500)
        #expect((json["warnings"] as? [String])?.count == 1)
    }

    @Test func anUnclippedModelSeesTheFieldAndGivesNoWarning() throws {
        let plain = try sweep(clip: nil)
        let outputs = plain.curves[0].points.map(\.mean)
        #expect(outputs[1] != outputs[2])
        #expect(plain.clip == nil && plain.fieldsAboveClip.isEmpty && plain.warnings.isEmpty)
        let json = try #require(try JSONSerialization.jsonObject(with: plain.jsonData()) as? [String: Any])
        #expect(json["clip_gauss"] is NSNull)
        // A clip above every probed field warns of nothing either.
        #expect(try sweep(clip: 5000).warnings.isEmpty)
    }
}
