import Foundation
import Testing

/// `flarekit predict` on a Keras model converted with the committed script (the parity fixture).
@Suite("flarekit predict (end to end)")
struct PredictCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/keras")

    /// Reads the float32 values of a small little-endian `.npy` written by NumPy or FlareKit.
    func floats(_ url: URL) throws -> [Float] {
        let data = try Data(contentsOf: url)
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        let body = data.dropFirst(10 + headerLength)
        return body.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    @Test func reproducesKerasOutputs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-predict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (arch, fixture, extra) in [("cnn1", "cnn1_32", [String]()), ("cnn2", "cnn2", []), ("lrcn", "lrcn_t3", ["--frames", "3"])] {
            let input = fixture == "cnn2" ? "input_256.npy" : "input.npy"
            let expected = fixture == "cnn2" ? "output_256.npy" : "output.npy"
            let output = folder.appendingPathComponent("\(fixture).npy")
            let result = try runFlareKit([
                "predict", "--arch", arch, "--weights", Self.fixtures.appendingPathComponent("\(fixture)/weights.safetensors").path,
                "--input", Self.fixtures.appendingPathComponent("\(fixture)/\(input)").path, "--output", output.path,
            ] + extra)
            #expect(result.status == 0, "\(arch): \(result.standardError)")
            let actual = try floats(output), keras = try floats(Self.fixtures.appendingPathComponent("\(fixture)/\(expected)"))
            #expect(actual.count == keras.count)
            #expect(zip(actual, keras).allSatisfy { abs($0 - $1) <= 1e-4 }, "\(arch): \(actual) vs Keras \(keras)")
        }
    }

    @Test func disagreementsAndBadFilesFailWithOneLine() throws {
        let weights = Self.fixtures.appendingPathComponent("cnn2/weights.safetensors").path
        let input = Self.fixtures.appendingPathComponent("cnn2/input_128.npy").path
        let wrongSize = try runFlareKit(["predict", "--arch", "cnn2", "--weights", weights, "--input", input, "--output", "/tmp/x.npy"])
        #expect(wrongSize.status != 0)
        #expect(wrongSize.standardError.contains("expected shape [2, 1, 256, 256]"))
        let wrongArch = try runFlareKit(["predict", "--arch", "lrcn", "--weights", weights, "--input", input, "--output", "/tmp/x.npy"])
        #expect(wrongArch.status != 0)
        #expect(wrongArch.standardError.contains("holds a cnn2 model"))
        let notWeights = try runFlareKit(["predict", "--arch", "cnn2", "--weights", input, "--input", input, "--output", "/tmp/x.npy"])
        #expect(notWeights.status != 0)
        #expect(notWeights.standardError.split(separator: "\n").count == 1)
    }
}
