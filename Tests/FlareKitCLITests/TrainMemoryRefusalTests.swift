import Foundation
import Testing

/// `flarekit train` refuses, before allocating anything, a size whose training memory the
/// machine does not have, with the estimate and the memory available.
@Suite("flarekit train: memory refused up front")
struct TrainMemoryRefusalTests {
    @Test func inputSize4000FailsFastWithTheEstimate() throws {
        let folder = IndexCommandTests.temporaryFolder("train-4000")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("run")
        let start = Date()
        let result = try runFlareKit([
            "train", "--manifest", folder.appendingPathComponent("manifest.json").path, "--output", output.path,
            "--arch", "cnn2", "--input-size", "4000",
        ])
        let seconds = Date().timeIntervalSince(start)
        #expect(result.status == 1)
        #expect(result.standardError.contains("inputSize = 4000"), "\(result.standardError)")
        #expect(result.standardError.contains("needs an estimated") && result.standardError.contains("GiB"))
        #expect(result.standardError.contains("available"))
        #expect(seconds < 10, "took \(seconds) s: something was allocated")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func inputSizeAboveTheMaximumIsRefused() throws {
        let folder = IndexCommandTests.temporaryFolder("train-max")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runFlareKit([
            "train", "--manifest", folder.appendingPathComponent("manifest.json").path, "--output", folder.appendingPathComponent("run").path,
            "--arch", "cnn1", "--input-size", "5000",
        ])
        #expect(result.status == 1)
        #expect(result.standardError.contains("at most 4096 pixels"), "\(result.standardError)")
    }
}
