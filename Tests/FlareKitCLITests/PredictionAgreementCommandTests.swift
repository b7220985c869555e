import Architectures
import Datasets
import Foundation
import NeuralCore
import Testing

/// `flarekit evaluate` and `flarekit predict` score the label the weights were trained for, refuse
/// inputs prepared otherwise than the weights record (naming the file, the setting and both
/// values), and refuse FITS frames that are not one region's video at the model's cadence.
@Suite("flarekit evaluate and predict: the weights' label, cadence and frames")
struct PredictionAgreementCommandTests {
    static func folder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-agreement-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A tiny model of `PredictCommandTests.tinyModel` saved again with `metadata`.
    static func model(_ arch: String, seed: UInt64, metadata: [String: String], in folder: URL) throws -> URL {
        let (url, model) = try PredictCommandTests.tinyModel(arch, seed: seed, in: folder)
        let tagged = folder.appendingPathComponent("\(arch)-\(seed)-tagged.safetensors")
        try model.save(to: tagged, extraMetadata: metadata)
        try FileManager.default.removeItem(at: url)
        return tagged
    }

    static func rows(_ url: URL) throws -> [[String: String]] { try TrainEvaluateCommandTests.rows(url) }

    @Test func evaluateScoresTheLabelTheWeightsRecord() throws {
        let folder = try Self.folder("label")
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try PredictCommandTests.archive(in: folder)
        let c1 = archive.samples.map { $0.label(for: .c1) }, m1 = archive.samples.map { $0.label(for: .m1) }
        let region = archive.samples.map(\.regionLabel)
        try #require(c1 != m1 && c1 != region && c1.contains(1) && c1.contains(0), "the archive's C1+ labels must differ from M1+ and region")
        let weights = try Self.model("cnn1", seed: 11, metadata: ["label": "C1+"], in: folder)

        let output = folder.appendingPathComponent("evaluation")
        let result = try runFlareKit(["evaluate", "--manifest", archive.manifest.path, "--weights", weights.path, "--output", output.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("scored on the C1+ label"))
        let rows = try Self.rows(output.appendingPathComponent("predictions.csv"))
        #expect(rows.map { Int($0["label"] ?? "") ?? -1 } == c1)
        let scores = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("scores.json"))) as? [String: Any])
        #expect(scores["label"] as? String == "C1+")
        let median = try #require(scores["median"] as? [String: Any])
        let positives = (median["tp"] as? Int ?? -1) + (median["fn"] as? Int ?? -1)
        #expect(positives == c1.filter { $0 == 1 }.count)

        // Another label than the record is refused, naming the file and both labels.
        let other = try runFlareKit([
            "evaluate", "--manifest", archive.manifest.path, "--weights", weights.path, "--label", "M1+",
            "--output", folder.appendingPathComponent("other").path,
        ])
        #expect(other.status == 64, "\(other.standardError)")
        #expect(other.standardError.contains(weights.path) && other.standardError.contains("label C1+")
                    && other.standardError.contains("M1+"), "\(other.standardError)")

        // Weights trained for different labels are refused together.
        let regionWeights = try Self.model("cnn1", seed: 12, metadata: ["label": "region"], in: folder)
        let mixed = try runFlareKit([
            "evaluate", "--manifest", archive.manifest.path, "--weights", weights.path, regionWeights.path,
            "--output", folder.appendingPathComponent("mixed").path,
        ])
        #expect(mixed.status == 64, "\(mixed.standardError)")
        #expect(mixed.standardError.contains(weights.path) && mixed.standardError.contains(regionWeights.path)
                    && mixed.standardError.contains("region"), "\(mixed.standardError)")

        // predict --manifest labels its rows the same way.
        let predicted = folder.appendingPathComponent("p.csv")
        let prediction = try runFlareKit(["predict", "--manifest", archive.manifest.path, "--weights", weights.path, "--output", predicted.path])
        #expect(prediction.status == 0 && prediction.standardOutput.contains("label C1+"), "\(prediction.standardError)")
        #expect(try Self.rows(predicted).map { Int($0["label"] ?? "") ?? -1 } == c1)
    }

    @Test func anLRCNIsFedVideosAtItsOwnCadence() throws {
        let folder = try Self.folder("cadence")
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try PredictCommandTests.archive(in: folder)
        let lrcn = try Self.model("lrcn", seed: 13, metadata: ["cadence_minutes": "36.0", "frames": "3"], in: folder)
        let common = ["--manifest", archive.manifest.path, "--weights", lrcn.path, "--sharp-dir", archive.sharp]

        // A cadence other than the record: refused before anything is read, naming both values.
        for command in ["evaluate", "predict"] {
            let output = folder.appendingPathComponent(command == "evaluate" ? "e" : "p.csv").path
            let result = try runFlareKit([command] + common + ["--cadence-minutes", "12", "--output", output])
            #expect(result.status == 64, "\(command): \(result.standardError)")
            #expect(result.standardError.contains(lrcn.path) && result.standardError.contains("video cadence 36 minutes")
                        && result.standardError.contains("input has 12 minutes"), "\(command): \(result.standardError)")
        }

        // At its cadence: the samples without two earlier frames are skipped, counted with the reason.
        let output = folder.appendingPathComponent("p.csv")
        let result = try runFlareKit(["predict"] + common + ["--output", output.path])
        #expect(result.status == 0, "\(result.standardError)")
        let predicted = try Self.rows(output).count
        #expect(predicted > 0 && predicted < archive.samples.count)
        #expect(result.standardError.contains("\(archive.samples.count - predicted) of \(archive.samples.count) samples skipped: "),
                "\(result.standardError)")
        #expect(result.standardError.contains("video of 3 frames"))
        let evaluation = try runFlareKit(["evaluate"] + common + ["--output", folder.appendingPathComponent("evaluation").path])
        #expect(evaluation.status == 0, "\(evaluation.standardError)")
        #expect(evaluation.standardError.contains("\(archive.samples.count - predicted) of \(archive.samples.count) samples skipped: "),
                "\(evaluation.standardError)")

        // An LRCN trained at 12 minutes on this 36-minute archive: no video can be filled, an error saying why.
        let fast = try Self.model("lrcn", seed: 14, metadata: ["cadence_minutes": "12"], in: folder)
        let none = try runFlareKit([
            "predict", "--manifest", archive.manifest.path, "--weights", fast.path, "--sharp-dir", archive.sharp,
            "--output", folder.appendingPathComponent("none.csv").path,
        ])
        #expect(none.status != 0, "\(none.standardOutput)")
        #expect(none.standardError.contains("0 of \(archive.samples.count) samples usable")
                    && none.standardError.contains("12 minutes apart"), "\(none.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("none.csv").path))
        let noneEvaluated = try runFlareKit([
            "evaluate", "--manifest", archive.manifest.path, "--weights", fast.path, "--sharp-dir", archive.sharp,
            "--output", folder.appendingPathComponent("none").path,
        ])
        #expect(noneEvaluated.status != 0 && noneEvaluated.standardError.contains("0 of \(archive.samples.count) samples usable"),
                "\(noneEvaluated.standardError)")
    }

    @Test func lrcnFITSFramesMustBeOneRegionAtTheCadence() throws {
        let folder = try Self.folder("frames")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try PredictCommandTests.archive(in: folder).magnetograms
        let lrcn = try Self.model("lrcn", seed: 15, metadata: ["cadence_minutes": "36"], in: folder)
        func predict(_ frames: [String], _ extra: [String] = []) throws -> ProcessResult {
            try runFlareKit(
                ["predict", "--weights", lrcn.path, "--fits"] + frames + ["--output", folder.appendingPathComponent("v.csv").path] + extra)
        }
        // Files are sorted by HARP then time, 36 minutes apart within a HARP.
        let good = try predict(Array(files[0..<3]))
        #expect(good.status == 0, "\(good.standardError)")
        let row = try #require(try Self.rows(folder.appendingPathComponent("v.csv")).first)
        #expect(row["harpnum"] == "1240" && row["sample_id"] == files[2])

        let other = try #require(files.first { !$0.contains(".1240.") })
        let otherHARP = try #require(SHARPFileName(parsing: URL(fileURLWithPath: other).lastPathComponent)?.harpNumber)
        let twoRegions = [files[0], files[1], other]
        let mixed = try predict(twoRegions)
        #expect(mixed.status == 65 && mixed.standardError.contains("HARPNUM 1240 and \(otherHARP)"), "\(mixed.standardError)")
        #expect(mixed.standardError.contains(files[0]) && mixed.standardError.contains(other))

        let apart = try predict([files[0], files[2], files[4]])
        #expect(apart.status == 65 && apart.standardError.contains("72 minutes apart")
                    && apart.standardError.contains("36 minutes apart"), "\(apart.standardError)")
        #expect(apart.standardError.contains(files[0]) && apart.standardError.contains(files[2]))

        let reversed = try predict([files[2], files[1], files[0]])
        #expect(reversed.status == 65 && reversed.standardError.contains("oldest first"), "\(reversed.standardError)")

        let allowed = try predict(twoRegions, ["--allow-mixed-frames"])
        #expect(allowed.status == 0, "\(allowed.standardError)")
        #expect(allowed.standardError.contains("warning: ") && allowed.standardError.contains("HARPNUM 1240 and \(otherHARP)"))
    }
}
