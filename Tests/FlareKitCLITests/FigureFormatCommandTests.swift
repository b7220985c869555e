import Foundation
import Testing

@Suite("flarekit --figure-format")
struct FigureFormatCommandTests {
    @Test("train --figure-format png,pdf writes every SVG figure as PNG and PDF too")
    func trainWritesEveryFormat() throws {
        let folder = IndexCommandTests.temporaryFolder("figure-format")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try IndexCommandTests.indexedArchive(regions: 24, in: folder).manifest
        let run = folder.appendingPathComponent("run")
        let arguments = [
            "train", "--manifest", manifest.path, "--arch", "cnn1", "--input-size", "16", "--epochs", "1",
            "--batch-size", "16", "--repetitions", "2", "--inner-parts", "2", "--loss", "wbce", "--seed", "3",
        ]
        let bad = try runFlareKit(arguments + ["--output", run.path, "--figure-format", "gif"])
        #expect(bad.status == 64 && bad.standardError.contains("--figure-format"), "\(bad.standardError)")

        let result = try runFlareKit(arguments + ["--output", run.path, "--figure-format", "png,pdf"])
        #expect(result.status == 0, "\(result.standardError)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: run.path)
        let svgs = files.filter { $0.hasSuffix(".svg") }
        #expect(!svgs.isEmpty)
        for svg in svgs {
            let base = String(svg.dropLast(4))
            #expect(files.contains(base + ".png") && files.contains(base + ".pdf"), "\(svg) without its PNG and PDF")
        }
    }
}
