import Datasets
import Foundation
import Magnetogram
import NeuralCore
import Testing

/// Inputs that are not what a command reads (Documentation/Reliability.md): each command must
/// refuse them with one line naming the sample or file, never answer for them.
@Suite("flarekit bad inputs: inputs that are not what the command reads")
struct CLIBadInputTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// An LRCN on an `.npy` video batch with one NaN pixel, one +inf, or all NaN: the old code
    /// wrote finite probabilities (0.5 for the all-NaN video); now one error line names the
    /// sample `FILE.npy[i]` and no output is written.
    @Test(arguments: ["one-nan", "one-inf", "all-nan"])
    func lrcnPredictRefusesNonFiniteVideos(_ damage: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (weights, _) = try PredictCommandTests.tinyModel("lrcn", seed: 3, in: folder)
        var generator = SeededGenerator(seed: 4)
        var scalars = try generator.normalTensor(shape: [2, 3, 1, 16, 16]).scalars
        let perSample = 3 * 16 * 16
        switch damage {
        case "one-nan": scalars[perSample + 2 * 256 + 17] = .nan   // video 1, last frame
        case "one-inf": scalars[perSample + 40] = .infinity         // video 1, first frame
        default: scalars = [Float](repeating: .nan, count: scalars.count)
        }
        let input = folder.appendingPathComponent("videos.npy")
        try NumpyArray.write(try Tensor(shape: [2, 3, 1, 16, 16], scalars: scalars), to: input)
        let output = folder.appendingPathComponent("p.csv")
        let result = try runFlareKit(["predict", "--weights", weights.path, "--input", input.path, "--output", output.path])
        #expect(result.status == 65, "\(damage): \(result.standardOutput)")
        let errorLines = result.standardError.split(separator: "\n").filter { $0.hasPrefix("flarekit: error:") }
        #expect(errorLines.count == 1, "\(result.standardError)")
        let sample = damage == "all-nan" ? "videos.npy[0]" : "videos.npy[1]"
        #expect(result.standardError.contains(sample) && result.standardError.contains("finite"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    /// A 1e30 W/m^2 spike is not an X10^26 flare: the summary counts it, --json keeps its keys
    /// and reports it on standard error, --strict refuses the file.
    @Test func xrsSpikeIsCountedNotClassified() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("spike.fits")
        try XRSCommandTests.fits(times: [0, 10, 20, 30], long: [1e-6, 1e30, 0x1p-15, 3e-6], short: [1e-7, 1e-6, 1e-6, 1e-7])
            .write(to: file)
        let text = try runFlareKit(["xrs", file.path])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("samples above 1e-2 W/m^2 (left out): 1-8 A 1, 0.5-4 A 0"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("class M3.0"), "\(text.standardOutput)")

        let json = try runFlareKit(["xrs", file.path, "--json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["peak_flux", "peak_time", "class"] && object["class"] as? String == "M3.0")
        #expect(json.standardError.contains("1-8 A 1"), "\(json.standardError)")

        let strict = try runFlareKit(["xrs", file.path, "--strict"])
        #expect(strict.status == 65)
        #expect(strict.standardError.contains(file.path) && strict.standardError.contains("e+30"), "\(strict.standardError)")
    }

    /// `X1e308` and `M0x1p3` were read as flares (the largest X1.0e308); now they are rows not read.
    @Test func catalogClassesWithExponentsAreRowsNotRead() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("flares.csv")
        try Data("""
            start,peak,end,class,noaa_ar
            2011-02-15T01:44:00Z,2011-02-15T01:56:00Z,2011-02-15T02:06:00Z,X1e308,11158
            2011-02-15T03:44:00Z,2011-02-15T03:56:00Z,2011-02-15T04:06:00Z,M0x1p3,11158
            2011-02-15T05:44:00Z,2011-02-15T05:56:00Z,2011-02-15T06:06:00Z,M1.5,11158

            """.utf8).write(to: file)
        let result = try runFlareKit(["catalog", file.path])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("1 flares, 2 rows not read"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("largest: M1.5"), "\(result.standardOutput)")
        let strict = try runFlareKit(["catalog", file.path, "--strict"])
        #expect(strict.status == 65 && strict.standardError.contains("X1e308"), "\(strict.standardError)")
    }

    /// A SHARP file of the synthetic archive rewritten with AIA keywords (HPLN-TAN, arcsec, DN):
    /// predict and index answered for it before; now they refuse it naming the file and what is
    /// wrong, and read it with --accept-any-image.
    @Test func predictAndIndexRefuseAnImageThatIsNotASHARPMagnetogram() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try SyntheticArchive(configuration: .small).generate(into: folder.appendingPathComponent("archive"))
        let magnetograms = try FileManager.default.contentsOfDirectory(atPath: summary.magnetogramFolder)
            .filter { $0.hasSuffix(".magnetogram.fits") }.sorted().map { summary.magnetogramFolder + "/" + $0 }
        let impostor = magnetograms[0]
        let header = try #require(try FITSReader().readHeaders(at: impostor).first { $0.contains("HARPNUM") })
        let replaced: Set<String> = ["CTYPE1", "CTYPE2", "CUNIT1", "CUNIT2", "CDELT1", "CDELT2", "BUNIT"]
        let cards = header.userCards.filter { !replaced.contains($0.keyword) } + [
            FITSCard(keyword: "CTYPE1", string: "HPLN-TAN"), FITSCard(keyword: "CTYPE2", string: "HPLT-TAN"),
            FITSCard(keyword: "CUNIT1", string: "arcsec"), FITSCard(keyword: "CUNIT2", string: "arcsec"),
            FITSCard(keyword: "CDELT1", double: 0.6), FITSCard(keyword: "CDELT2", double: 0.6), FITSCard(keyword: "BUNIT", string: "DN"),
        ]
        try FileManager.default.removeItem(atPath: impostor)
        try FITSWriter().write([Float](repeating: 300, count: 48 * 32), width: 48, height: 32, cards: cards, to: impostor)
        let (weights, _) = try PredictCommandTests.tinyModel("cnn1", seed: 5, in: folder)
        let output = folder.appendingPathComponent("p.csv")

        let refused = try runFlareKit(["predict", "--weights", weights.path, "--fits", impostor, magnetograms[1], "--output", output.path])
        #expect(refused.status == 65)
        let line = refused.standardError.split(separator: "\n").filter { $0.hasPrefix("flarekit: error:") }
        #expect(line.count == 1 && line[0].contains("\(impostor): not a SHARP CEA line-of-sight magnetogram"), "\(refused.standardError)")
        #expect(line.first?.contains("CTYPE1 is 'HPLN-TAN'") == true && line.first?.contains("BUNIT is 'DN'") == true)
        #expect(!FileManager.default.fileExists(atPath: output.path))
        let accepted = try runFlareKit([
            "predict", "--weights", weights.path, "--fits", impostor, magnetograms[1], "--output", output.path, "--accept-any-image",
        ])
        #expect(accepted.status == 0, "\(accepted.standardError)")

        let manifest = folder.appendingPathComponent("m.json")
        let (flares, harps) = (summary.flareCatalogPath, summary.harpTablePath)
        let index = try runFlareKit(["index", summary.magnetogramFolder, "--catalog", flares, "--harps", harps, "--output", manifest.path, "--no-cache", "--no-cuts"])
        #expect(index.status == 0, "\(index.standardError)")
        #expect(index.standardOutput.contains("failures: 1"), "\(index.standardOutput)")
        #expect(index.standardOutput.contains("\(impostor): \(impostor): not a SHARP CEA line-of-sight magnetogram"), "\(index.standardOutput)")
        let indexAny = try runFlareKit([
            "index", summary.magnetogramFolder, "--catalog", flares, "--harps", harps, "--output", manifest.path, "--no-cache", "--no-cuts",
            "--accept-any-image",
        ])
        #expect(indexAny.status == 0 && indexAny.standardOutput.contains("failures: 0"), "\(indexAny.standardOutput)")
    }
}
