import Foundation
import NeuralCore
import Testing

/// `flarekit occlusion` reads the architecture from the weight file and maps the probability by
/// default; `--label` is the paper's label-change target.
@Suite("flarekit occlusion defaults")
struct OcclusionDefaultsCommandTests {
    static let weights = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/keras-export/cnn1_relu_24/weights.safetensors")

    @Test("No --arch needed; the default target gives a graded map where the label target gives none")
    func defaultsGiveAUsableMap() throws {
        let folder = IndexCommandTests.temporaryFolder("occlusion-defaults")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SeededGenerator(seed: 1)
        let input = folder.appendingPathComponent("x.npy")
        try NumpyArray.write(try generator.normalTensor(shape: [1, 1, 24, 24]), to: input)
        let base = ["occlusion", "--weights", Self.weights.path, "--input", input.path, "--mask", "4", "--stride", "2"]

        let graded = try runFlareKit(base + ["--output", folder.appendingPathComponent("p.npy").path])
        #expect(graded.status == 0, "\(graded.standardError)")
        let map = try NumpyArray.read(from: folder.appendingPathComponent("p.npy")).tensor()
        #expect(map.scalars.contains { $0 != 0 } && map.scalars.map(abs).max() == 1)
        #expect(!graded.standardOutput.contains("all zero"))

        let label = try runFlareKit(base + ["--label", "--output", folder.appendingPathComponent("l.npy").path])
        #expect(label.status == 0, "\(label.standardError)")
        #expect(label.standardOutput.contains("no placement changed the predicted label"), "\(label.standardOutput)")

        let both = try runFlareKit(base + ["--label", "--probability", "--output", folder.appendingPathComponent("b.npy").path])
        #expect(both.status == 64)
        let wrong = try runFlareKit(base + ["--arch", "cnn2", "--output", folder.appendingPathComponent("w.npy").path])
        #expect(wrong.status == 64 && wrong.standardError.contains("holds a cnn1 model, not cnn2"), "\(wrong.standardError)")
    }
}
