import Datasets
import Foundation
import Testing

/// Manifests keep paths relative to their own folder (format version 2): a moved archive still
/// reads, a SHARP folder moved on its own is found with `--sharp-dir`, a missing file is named,
/// and a version-1 manifest (absolute paths) still reads.
@Suite("Manifest paths: relative, moved archives, --sharp-dir")
struct ManifestPathsCommandTests {
    @Test func aMovedArchiveWithItsManifestStillReads() throws {
        let root = IndexCommandTests.temporaryFolder("moved")
        defer { try? FileManager.default.removeItem(at: root) }
        let original = root.appendingPathComponent("data")
        let manifestURL = try IndexCommandTests.indexedArchive(regions: 24, in: original).manifest
        let before = try SampleManifest(contentsOf: manifestURL)
        #expect(before.formatVersion == 2 && !before.samples.isEmpty)

        // The file holds paths relative to its folder.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
        #expect(json["format_version"] as? Int == 2)
        #expect(json["sharp_directory"] as? String == "archive/sharp", "\(json["sharp_directory"] ?? "none")")
        let samples = try #require(json["samples"] as? [[String: Any]])
        let firstPath = try #require((samples.first?["observation"] as? [String: Any])?["path"] as? String)
        #expect(firstPath.hasPrefix("archive/sharp/") && firstPath.hasSuffix(".fits"), "\(firstPath)")

        // Move the whole folder: the loader finds every file at its new place.
        let moved = root.appendingPathComponent("elsewhere/data")
        try FileManager.default.createDirectory(at: moved.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: original, to: moved)
        let movedManifest = moved.appendingPathComponent("manifest.json")
        let after = try SampleManifest(contentsOf: movedManifest)
        #expect(after.samples.count == before.samples.count)
        #expect(after.samples.allSatisfy { $0.observation.path.hasPrefix(moved.standardizedFileURL.path + "/archive/sharp/") })
        #expect(after.samples.allSatisfy { FileManager.default.fileExists(atPath: $0.observation.path) })
        try after.checkMagnetograms(manifest: movedManifest)
        #expect(after.samples.map(\.observation.path.lastPathComponentOfPath) == before.samples.map(\.observation.path.lastPathComponentOfPath))

        // A version-1 manifest (absolute paths, no SHARP folder) still reads, its paths as written.
        var old = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: movedManifest)) as? [String: Any])
        old["format_version"] = 1
        old.removeValue(forKey: "sharp_directory")
        old["samples"] = (old["samples"] as? [[String: Any]])?.enumerated().map { index, sample in
            var sample = sample, observation = sample["observation"] as? [String: Any] ?? [:]
            observation["path"] = after.samples[index].observation.path
            sample["observation"] = observation
            return sample
        }
        let oldURL = root.appendingPathComponent("old-manifest.json")
        try JSONSerialization.data(withJSONObject: old).write(to: oldURL)
        let legacy = try SampleManifest(contentsOf: oldURL)
        #expect(legacy.formatVersion == 1 && legacy.samples.map(\.observation.path) == after.samples.map(\.observation.path))

        // The SHARP folder moved on its own: named when missing; found with --sharp-dir.
        let sharp = root.appendingPathComponent("scratch/sharp")
        try FileManager.default.createDirectory(at: sharp.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: moved.appendingPathComponent("archive/sharp"), to: sharp)
        #expect {
            try SampleManifest(contentsOf: movedManifest).checkMagnetograms(manifest: movedManifest)
        } throws: { error in
            guard case let DatasetsError.missingMagnetogram(manifest, path, missing, count, _) = error else { return false }
            return manifest == movedManifest.standardizedFileURL.path && path == after.samples[0].observation.path
                && missing == count && count == after.samples.count
        }
        let train = [
            "train", "--manifest", movedManifest.path, "--arch", "cnn1", "--input-size", "16", "--epochs", "1", "--batch-size", "16",
            "--repetitions", "1", "--inner-parts", "0", "--loss", "wbce",
        ]
        let lost = try runFlareKit(train + ["--output", root.appendingPathComponent("lost").path])
        #expect(lost.status == 66)
        #expect(lost.standardError.contains("\(movedManifest.standardizedFileURL.path): magnetogram not found at \(after.samples[0].observation.path)"),
                "\(lost.standardError)")
        #expect(lost.standardError.contains("give their folder with --sharp-dir DIR"))
        let overridden = try SampleManifest(contentsOf: movedManifest, sharpDirectory: sharp)
        #expect(overridden.samples.allSatisfy { $0.observation.path.hasPrefix(sharp.standardizedFileURL.path + "/") })
        try overridden.checkMagnetograms(manifest: movedManifest, sharpDirectory: sharp)
        let found = try runFlareKit(train + ["--output", root.appendingPathComponent("found").path, "--sharp-dir", sharp.path])
        #expect(found.status == 0, "stderr: \(found.standardError)")
        let wrong = try runFlareKit(train + ["--output", root.appendingPathComponent("wrong").path, "--sharp-dir", root.path])
        #expect(wrong.status == 66 && wrong.standardError.contains("they were looked up in the --sharp-dir \(root.standardizedFileURL.path)"),
                "\(wrong.standardError)")
    }
}

private extension String {
    var lastPathComponentOfPath: String { (self as NSString).lastPathComponent }
}
