import Foundation
import Testing

@Suite("flarekit summary")
struct SummaryCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test("Prints the layer table, Keras's parameter total and the metadata")
    func printsTheNetworkAndItsMetadata() throws {
        let weights = Self.fixtures.appendingPathComponent("keras-export/cnn2_leaky_64/weights.safetensors")
        let result = try runFlareKit(["summary", weights.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Model: \"cnn2\""))
        #expect(result.standardOutput.contains("Total params: 39125"))   // Keras's count of the exported model
        #expect(result.standardOutput.contains("inception1"))
        #expect(result.standardOutput.contains("\"input_size\":64"))
        #expect(result.standardOutput.contains("source:") && result.standardOutput.contains("make_export_fixtures.py"))
    }

    @Test("A file that is not a described FlareKit model is refused, naming it")
    func refusesOtherFiles() throws {
        let folder = IndexCommandTests.temporaryFolder("summary")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("notes.safetensors")
        try Data("not a weight file".utf8).write(to: text)
        for path in [text.path, folder.appendingPathComponent("missing.safetensors").path, folder.path] {
            let result = try runFlareKit(["summary", path])
            #expect(result.status != 0)
            #expect(result.standardError.contains(path), "\(result.standardError)")
        }
    }
}
