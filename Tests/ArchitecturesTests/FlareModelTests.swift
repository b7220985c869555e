import Foundation
import NeuralCore
import Testing
@testable import Architectures

@Suite("FlareModel")
struct FlareModelTests {
    func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-\(UUID().uuidString)-\(name)")
    }

    @Test("Rebuilt from its weight file alone", arguments: [
        ArchitectureConfiguration.cnn1({ var c = CNN1Configuration(); c.inputSize = 16; c.activation = .leakyReLU(slope: 0.2); return c }()),
        .cnn2({ var c = CNN2Configuration(); c.inputSize = 32; c.activation = .identity; return c }()),
        .lrcn({ var c = LRCNConfiguration(); c.frames = 2; c.frameSize = 72; c.lstmUnits = 7; return c }()),
    ])
    func roundTrip(configuration: ArchitectureConfiguration) throws {
        var generator = SeededGenerator(seed: 5)
        let preprocessing = InputPreprocessing(nanFill: 0, clip: 1500, scale: 1e-3)
        let model = try FlareModel(configuration, preprocessing: preprocessing, generator: &generator)
        let url = temporaryFile("model.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url)
        let loaded = try FlareModel.load(from: url)
        #expect(loaded.configuration == configuration)
        #expect(loaded.preprocessing == preprocessing)
        let x = try generator.normalTensor(shape: [2] + configuration.sampleShape)
        let a = try loaded.forward(x, mode: .inference), b = try model.forward(x, mode: .inference)
        #expect(a == b, "\(a) vs \(b)")
    }

    @Test func filesWithoutMetadataNeedAConfiguration() throws {
        var generator = SeededGenerator(seed: 6)
        var c = CNN1Configuration()
        c.inputSize = 16
        let model = try FlareModel(.cnn1(c), generator: &generator)
        let url = temporaryFile("bare.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.saveWeights(to: url)   // no model description
        #expect(throws: ArchitecturesError.self) { try FlareModel.load(from: url) }
        #expect(throws: NeuralCoreError.self) { try FlareModel.resolve(weights: url, architecture: .cnn1) }   // 128 by default
        let resolved = try FlareModel.resolve(weights: url, architecture: .cnn1, inputSize: 16)
        #expect(resolved.configuration == .cnn1(c))
        #expect(throws: ArchitecturesError.self) { try FlareModel.resolve(weights: url, architecture: .cnn1, inputSize: 16, frames: 4) }
    }

    @Test func summaryListsLayersShapesAndTotals() throws {
        var generator = SeededGenerator(seed: 7)
        var c = CNN2Configuration()
        c.inputSize = 128
        let summary = try FlareModel(.cnn2(c), generator: &generator).summary()
        #expect(summary.contains("conv1 (conv2d)"))
        #expect(summary.contains("(None, 32, 128, 128)"))
        #expect(summary.contains("inception2 (concatenate)"))
        #expect(summary.contains("(None, 256, 4, 4)"))
        #expect(summary.contains("Total params: 616517"))
        #expect(summary.contains("Non-trainable params: 514"))
    }

    @Test func preprocessingFillsClipsAndScales() throws {
        var x = try Tensor(shape: [4], scalars: [.nan, 2000, -3000, 100])
        InputPreprocessing(nanFill: 0, clip: 1500, scale: 0.01).apply(to: &x)
        #expect(x.scalars == [0, 15, -15, 1])
    }
}
