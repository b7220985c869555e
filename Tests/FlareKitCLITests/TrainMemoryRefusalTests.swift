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
        #expect(result.status == 64)
        #expect(result.standardError.contains("inputSize = 4000"), "\(result.standardError)")
        #expect(result.standardError.contains("needs an estimated") && result.standardError.contains("GiB"))
        #expect(result.standardError.contains("available"))
        #expect(seconds < 10, "took \(seconds) s: something was allocated")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    /// `tune` and `demo` check before reading the manifest or generating the archive.
    @Test(arguments: [
        ["tune", "--learning-rates", "1e-3", "--batch-sizes", "32,64", "--arch", "cnn2", "--input-size", "4000"],
        ["demo", "--skip-guastavino", "--input-size", "4000"],
    ])
    func tuneAndDemoFailFastToo(arguments: [String]) throws {
        let folder = IndexCommandTests.temporaryFolder("memory-\(arguments[0])")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A manifest that exists (the command checks its files first) but is never read.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let manifest = folder.appendingPathComponent("manifest.json")
        try Data("not read".utf8).write(to: manifest)
        let extra = arguments[0] == "tune"
            ? ["--manifest", manifest.path, "--output", folder.appendingPathComponent("run").path]
            : ["--output", folder.appendingPathComponent("run").path]
        let start = Date()
        let result = try runFlareKit(arguments + extra)
        #expect(result.status == 64)
        #expect(result.standardError.contains("inputSize = 4000") && result.standardError.contains("needs an estimated"), "\(result.standardError)")
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("run/archive").path))
    }

    @Test func inputSizeAboveTheMaximumIsRefused() throws {
        let folder = IndexCommandTests.temporaryFolder("train-max")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runFlareKit([
            "train", "--manifest", folder.appendingPathComponent("manifest.json").path, "--output", folder.appendingPathComponent("run").path,
            "--arch", "cnn1", "--input-size", "5000",
        ])
        #expect(result.status == 64)
        #expect(result.standardError.contains("at most 4096 pixels"), "\(result.standardError)")
    }
}
