import Foundation
import NeuralCore
import Testing
@testable import Architectures

@Suite("ArchitectureName")
struct ArchitectureNameTests {
    @Test func namesAreTheMetadataValues() throws {
        #expect(ArchitectureName.allCases.map(\.rawValue) == ["cnn1", "cnn2", "lrcn"])
        #expect(ArchitectureName.listed == "cnn1, cnn2 or lrcn")
        #expect(ArchitectureName(rawValue: "resnet") == nil)
        for name in ArchitectureName.allCases {
            let configuration = name.defaultConfiguration()
            #expect(configuration.architectureName == name)
            #expect(configuration.name == name.rawValue)
            let json = try JSONEncoder().encode(configuration)
            #expect(try JSONDecoder().decode(ArchitectureConfiguration.self, from: json) == configuration)
        }
    }

    @Test func defaultConfigurationsTakeTheSizesGiven() {
        #expect(ArchitectureName.cnn1.defaultConfiguration().sampleShape == [1, 128, 128])
        #expect(ArchitectureName.cnn2.defaultConfiguration().sampleShape == [1, 256, 256])
        #expect(ArchitectureName.lrcn.defaultConfiguration().sampleShape == [40, 1, 128, 128])
        #expect(ArchitectureName.cnn2.defaultConfiguration(inputSize: 64, frames: 3).sampleShape == [1, 64, 64])
        #expect(ArchitectureName.lrcn.defaultConfiguration(inputSize: 32, frames: 3).sampleShape == [3, 1, 32, 32])
    }

    @Test func resolutionErrorsNameTheSettingNotAFlag() throws {
        var generator = SeededGenerator(seed: 8)
        var c = CNN1Configuration()
        c.inputSize = 16
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-\(UUID().uuidString)-bare.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try FlareModel(.cnn1(c), generator: &generator).saveWeights(to: url)
        #expect(throws: ArchitecturesError.invalidConfiguration(
            "a frame count (4) applies to the lrcn only, not to the requested cnn1")) {
            try FlareModel.resolve(weights: url, architecture: .cnn1, inputSize: 16, frames: 4)
        }
        #expect(throws: ArchitecturesError.metadata(
            path: url.path, problem: "no 'flarekit.model' metadata to rebuild the network from; give its architecture (cnn1, cnn2 or lrcn)")) {
            try FlareModel.resolve(weights: url)
        }
    }
}
