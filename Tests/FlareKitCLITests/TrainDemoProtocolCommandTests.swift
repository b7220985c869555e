import Architectures
import Datasets
import Foundation
import NeuralCore
import Testing

/// `flarekit train --protocol demo`: the demo's smaller networks through `train`, so the LRCN
/// trains on 32-pixel frames of a small archive where FlareKit's default LRCN cannot.
@Suite("flarekit train --protocol demo")
struct TrainDemoProtocolCommandTests {
    @Test func theDemosLRCNTrainsWhereTheDefaultOneCannot() throws {
        let folder = IndexCommandTests.temporaryFolder("demo-protocol")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (archive, manifest) = try IndexCommandTests.indexedArchive(regions: 16, in: folder)
        // The test archive's cadence is 3 hours: 4 frames cover half a day of a 2.5-day passage.
        let common = [
            "train", "--manifest", manifest.path, "--arch", "lrcn", "--sharp-dir", archive.magnetogramFolder,
            "--frames", "4", "--cadence-minutes", "180", "--training-size", "24", "--realisations", "1",
            "--epochs", "1", "--batch-size", "8",
        ]

        // FlareKit's default LRCN: 32-pixel frames are refused before any data is read, with the way out.
        let refused = try runFlareKit(common + ["--output", folder.appendingPathComponent("default").path, "--input-size", "32"])
        #expect(refused.status == 64, "stderr: \(refused.standardError)")
        #expect(refused.standardError.contains("cannot take this size") && refused.standardError.contains("--protocol demo"),
                "\(refused.standardError)")

        let run = folder.appendingPathComponent("demo")
        let trained = try runFlareKit(common + ["--output", run.path, "--protocol", "demo"])
        #expect(trained.status == 0, "stderr: \(trained.standardError)")
        #expect(trained.standardError.contains("protocol demo"))
        // One realisation: no invented "± 0.000".
        #expect(trained.standardOutput.contains("over 1 realisation") && !trained.standardOutput.contains("±"),
                "\(trained.standardOutput)")

        // The weights hold the demo's LRCN at 32 pixels, trained on the C1+ task (the demo's default).
        let weights = run.appendingPathComponent("training/weights/realisation-1.safetensors")
        let model = try FlareModel.load(from: weights)
        guard case let .lrcn(lrcn) = model.configuration else {
            Issue.record("expected an LRCN, found \(model.configuration.name)")
            return
        }
        #expect(lrcn.filters == LRCNConfiguration.demo.filters && lrcn.kernelSizes == LRCNConfiguration.demo.kernelSizes)
        #expect(lrcn.frameSize == 32 && lrcn.frames == 4 && lrcn.denseUnits == 32 && lrcn.lstmUnits == 25)
        let metadata = try SafeTensors.readMetadata(from: weights)
        #expect(metadata["protocol_preset"] == "demo" && metadata["label"] == "C1+", "\(metadata)")

        // The report names the smaller network as a departure from the paper.
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("summary.json"))) as? [String: Any])
        #expect(summary["protocol"] as? String == "demo")
        let departures = try #require(summary["departures"] as? [[String: Any]])
        let network = try #require(departures.first { $0["setting"] as? String == "network" })
        #expect((network["value"] as? String)?.contains("filters 16/32") == true, "\(network)")
    }
}
