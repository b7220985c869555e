import Architectures
import Foundation
import Interpretability
import Magnetogram
import NeuralCore
import Testing

@testable import flarekit

/// `flarekit occlusion` on a tiny CNN-1 saved with `FlareModel.save`: run in process (the
/// command's parsing and run), and end to end once the command is registered.
@Suite("flarekit occlusion")
struct OcclusionCommandTests {
    /// A CNN-1 for 8 x 8 inputs with random weights, saved with its metadata.
    static func tinyModel(in folder: URL) throws -> (FlareModel, URL) {
        var generator = SeededGenerator(seed: 7)
        var configuration = CNN1Configuration()
        configuration.inputSize = 8
        configuration.filters = [4, 4]
        configuration.denseUnits = 8
        let model = try FlareModel(.cnn1(configuration), generator: &generator)
        let url = folder.appendingPathComponent("tiny.safetensors")
        try model.save(to: url)
        return (model, url)
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-occlusion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Parses and runs the command in this process.
    static func run(_ arguments: [String]) throws {
        let command = try OcclusionCommand.parse(arguments)
        try command.validate()
        try command.run()
    }

    @Test func npyInputGivesTheLibrarysMapAtTheInputSize() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (model, weights) = try Self.tinyModel(in: folder)
        var generator = SeededGenerator(seed: 8)
        let input = try generator.normalTensor(shape: [1, 1, 8, 8], scale: 3)
        let inputURL = folder.appendingPathComponent("x.npy")
        try NumpyArray.write(input, to: inputURL)
        let output = folder.appendingPathComponent("map.npy"), png = folder.appendingPathComponent("map.png")
        try Self.run([
            "--arch", "cnn1", "--weights", weights.path, "--input", inputURL.path, "--mask", "3", "--stride", "2",
            "--probability", "--output", output.path, "--png", png.path,
        ])
        let written = try NumpyArray.read(from: output)
        #expect(written.shape == [8, 8] && written.elementType == .float32)
        let expected = try OcclusionAnalysis(
            model: model, configuration: .init(maskSize: 3, stride: 2, target: .probability)).map(for: input)
        #expect(zip(written.floats(), expected.map.values).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(written.floats().map(abs).max() == 1)
        let header = try Data(contentsOf: png).prefix(8)
        #expect(header == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    @Test func fitsInputGivesAFITSMapOfTheMagnetogramsShape() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (model, weights) = try Self.tinyModel(in: folder)
        // A 13 x 10 magnetogram (non-square) with a NaN pixel.
        var generator = SeededGenerator(seed: 9)
        var pixels = (0..<130).map { _ in generator.nextNormal() * 400 }
        pixels[17] = .nan
        let fits = folder.appendingPathComponent("magnetogram.fits")
        try FITSWriter().write(pixels, width: 13, height: 10, to: fits.path)
        let output = folder.appendingPathComponent("map.fits")
        // A plain image (no SHARP CEA keywords) is refused unless --accept-any-image.
        let refused = try runFlareKit([
            "occlusion", "--arch", "cnn1", "--input-size", "8", "--weights", weights.path, "--input", fits.path,
            "--mask", "4", "--output", output.path,
        ])
        #expect(refused.status == 65 && refused.standardError.contains("\(fits.path): not a SHARP CEA line-of-sight magnetogram"),
                "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
        try Self.run([
            "--arch", "cnn1", "--input-size", "8", "--weights", weights.path, "--input", fits.path,
            "--mask", "4", "--stride", "1", "--output", output.path, "--method", "full", "--accept-any-image",
        ])
        let image = try FITSReader().readImage(at: output.path)
        #expect(image.width == 13 && image.height == 10 && image.bitpix == -32)
        let magnetogram = try Magnetogram(width: 13, height: 10, pixels: pixels, scaleX: 1, scaleY: 1)
        let prepared = try MagnetogramInput(magnetogram, model: model)
        let expected = try OcclusionAnalysis(model: model, configuration: .init(maskSize: 4, stride: 1, method: .full))
            .map(for: prepared)
        #expect(zip(image.pixels, expected.map.values).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(try image.header.bool("ALLZERO") == expected.isAllZero)
    }

    @Test func badArgumentsAreRejected() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, weights) = try Self.tinyModel(in: folder)
        let wrongShape = folder.appendingPathComponent("wrong.npy")
        try NumpyArray.write(try Tensor(shape: [1, 1, 6, 6]), to: wrongShape)
        let base = ["--arch", "cnn1", "--weights", weights.path, "--output", folder.appendingPathComponent("m.npy").path]
        #expect(throws: (any Error).self) { try Self.run(base + ["--input", wrongShape.path, "--mask", "3"]) }
        let right = folder.appendingPathComponent("right.npy")
        try NumpyArray.write(try Tensor(shape: [1, 1, 8, 8]), to: right)
        #expect(throws: (any Error).self) { try Self.run(base + ["--input", right.path, "--mask", "9"]) }
        #expect(throws: (any Error).self) { try OcclusionCommand.parse(base + ["--input", right.path, "--stride", "0"]) }
        #expect(throws: (any Error).self) {
            try OcclusionCommand.parse(["--arch", "lrcn", "--weights", "w", "--input", "x", "--output", "m.npy"])
        }
        #expect(throws: (any Error).self) {
            try OcclusionCommand.parse(["--arch", "cnn1", "--weights", "w", "--input", "x", "--output", "m.png"])
        }
    }

    @Test func endToEndErrorsAreOneLine() throws {
        #expect(try runFlareKit(["--help"]).standardOutput.contains("occlusion"))
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, weights) = try Self.tinyModel(in: folder)
        let input = folder.appendingPathComponent("x.npy")
        try NumpyArray.write(try Tensor(shape: [1, 1, 8, 8], repeating: 1), to: input)
        let output = folder.appendingPathComponent("map.npy")
        let ok = try runFlareKit([
            "occlusion", "--arch", "cnn1", "--weights", weights.path, "--input", input.path, "--mask", "4",
            "--stride", "2", "--output", output.path,
        ])
        #expect(ok.status == 0, "\(ok.standardError)")
        #expect(ok.standardError.contains("occlusion: 9/9 placements"))
        #expect(FileManager.default.fileExists(atPath: output.path))
        let bad = try runFlareKit([
            "occlusion", "--arch", "cnn1", "--weights", weights.path, "--input", input.path, "--mask", "20",
            "--output", output.path,
        ])
        #expect(bad.status == 64)
        #expect(bad.standardError.hasPrefix("Error: ") && bad.standardError.contains("mask size"))
    }
}
