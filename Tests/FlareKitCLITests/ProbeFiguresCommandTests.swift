import Foundation
import Testing

/// `flarekit probe --resolutions` (Fig. 10 right) and `--compare-weights` (Fig. 11) end to end.
@Suite("flarekit probe: peak ratios and compared models")
struct ProbeFiguresCommandTests {
    @Test func resolutionsGiveOnePeakRatioRowEachAndComparedModelsTheirOwnCurves() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("probe-figures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let first = try ProbeCommandTests.tinyModel(seed: 1, in: folder), second = try ProbeCommandTests.tinyModel(seed: 2, in: folder)
        let output = folder.appendingPathComponent("out")
        let result = try runFlareKit([
            "probe", "--weights", first.path, "--compare-weights", second.path, "--parameter", "radius", "--values", "4:16:4",
            "--resolutions", "0.4x0.2,0.8x0.2", "--output", output.path,
        ])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        let rows = try TrainEvaluateCommandTests.rows(output.appendingPathComponent("peak_ratio.csv"))
        // 0.4 and 0.8 (0.2) deg/px x 16 px / 0.03: the smallest holds the -+ bipole up to 19.4 Mm.
        #expect(rows.map { $0["magnetogram_width"] ?? "" } == ["213", "427"])
        #expect(rows.map { $0["magnetogram_height"] ?? "" } == ["107", "107"])
        let aspectRatios: [Double?] = rows.map { Double($0["aspect_ratio"] ?? "") }
        let expectedRatios: [Double?] = [213.0 / 107.0, 427.0 / 107.0]
        #expect(aspectRatios == expectedRatios)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("peak_ratio.svg").path))
        let sweep = try ProbeCommandTests.sweep(in: output)
        let labels = try #require(sweep["curves"] as? [[String: Any]]).compactMap { $0["label"] as? String }
        #expect(labels == ["first -+", "compared -+"])
        // The compared curve is the second model's own sweep.
        let alone = folder.appendingPathComponent("alone")
        let single = try runFlareKit([
            "probe", "--weights", second.path, "--parameter", "radius", "--values", "4:16:4", "--output", alone.path,
        ])
        #expect(single.status == 0)
        #expect(try ProbeCommandTests.means(sweep)[1] == ProbeCommandTests.means(try ProbeCommandTests.sweep(in: alone))[0])
        // A probe without --resolutions into the first folder leaves no peak ratios of the earlier run beside its sweep.
        let again = try runFlareKit([
            "probe", "--weights", second.path, "--parameter", "radius", "--values", "4:16:4", "--output", output.path,
        ])
        #expect(again.status == 0, "stderr: \(again.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() == ["report.md", "sweep.csv", "sweep.json", "sweep.svg"])

        let bad = try runFlareKit([
            "probe", "--weights", first.path, "--parameter", "field", "--values", "100", "--resolutions", "0.4x0.2", "--output", alone.path,
        ])
        #expect(bad.status != 0 && bad.standardError.contains("--resolutions goes with --parameter radius"))

        // A resolution whose magnetogram cannot hold the largest radius is refused, not cut.
        let cut = try runFlareKit([
            "probe", "--weights", first.path, "--parameter", "radius", "--values", "4:16:4", "--resolutions", "0.1x0.1",
            "--output", folder.appendingPathComponent("cut").path,
        ])
        #expect(cut.status == 64)
        #expect(cut.standardError.contains("radius 8.0 Mm") && cut.standardError.contains("does not fit"), "\(cut.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("cut/sweep.json").path))
    }
}
