import Foundation
import Magnetogram
import NeuralCore
import Testing

@testable import flarekit

/// `flarekit occlusion --explanation occlusion|saliency|grad-cam`: the map's FITS header
/// (method, weights, WCS and SHARP keys of the magnetogram) and the PNG figure.
@Suite("flarekit occlusion: explanations, map headers, figure")
struct OcclusionExplanationCommandTests {
    /// The synthetic SHARP-like magnetogram with a known WCS (Tests/Fixtures/maps/).
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/maps/source.magnetogram.fits")

    @Test func fitsInputMapsCarryTheWCSTheSHARPKeysAndTheMethod() throws {
        let folder = try OcclusionCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, weights) = try OcclusionCommandTests.tinyModel(in: folder)
        for method in ["occlusion", "saliency", "grad-cam"] {
            let output = folder.appendingPathComponent("\(method).fits"), png = folder.appendingPathComponent("\(method).png")
            let run = try runFlareKit([
                "occlusion", "--explanation", method, "--weights", weights.path, "--input", Self.source.path, "--mask", "4",
                "--stride", "2", "--output", output.path, "--png", png.path,
            ])
            #expect(run.status == 0, "\(method): \(run.standardError)")
            #expect(run.standardOutput.contains("map 40x20") && !run.standardOutput.contains("no WCS"), "\(run.standardOutput)")
            let header = try FITSReader().readImage(at: output.path).header
            #expect(try header.string("MAPMETH") == method && header.string("MAPTARG") == "probability")
            #expect(try header.string("WEIGHTS") == "tiny.safetensors" && header.string("FLKVER") == FlareKitVersion.current)
            // The map is on the magnetogram's grid: the WCS as the source has it.
            #expect(try header.string("CTYPE1") == "CRLN-CEA" && header.double("CRPIX1") == 18.5 && header.double("CDELT2") == 0.03)
            #expect(try header.integer("HARPNUM") == 377 && header.string("NOAA_ARS") == "11158")
            #expect(try header.string("T_REC") == "2011.02.15_02:00:00_TAI")
            #expect(header.contains("MAPLAYER") == (method == "grad-cam"))
            // The figure: two 520 x 260 panels (40 x 20 enlarged 13 times) and the colour bar.
            let bytes = [UInt8](try Data(contentsOf: png))
            let width = Int(bytes[16]) << 24 | Int(bytes[17]) << 16 | Int(bytes[18]) << 8 | Int(bytes[19])
            let height = Int(bytes[20]) << 24 | Int(bytes[21]) << 16 | Int(bytes[22]) << 8 | Int(bytes[23])
            #expect(width > 2 * 520 && height == 260 + 32, "\(width) x \(height)")
        }
    }

    @Test func npyInputMapsHaveNoWCSAndSaySo() throws {
        let folder = try OcclusionCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, weights) = try OcclusionCommandTests.tinyModel(in: folder)
        var generator = SeededGenerator(seed: 8)
        let input = folder.appendingPathComponent("x.npy")
        try NumpyArray.write(try generator.normalTensor(shape: [1, 1, 8, 8], scale: 3), to: input)
        let output = folder.appendingPathComponent("map.fits")
        let run = try runFlareKit([
            "occlusion", "--explanation", "grad-cam", "--weights", weights.path, "--input", input.path, "--output", output.path,
        ])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("grad-cam map 8x8"))
        #expect(run.standardOutput.contains("\(output.path) has no WCS: the input is not a FITS magnetogram"))
        let header = try FITSReader().readImage(at: output.path).header
        #expect(!header.contains("CTYPE1") && !header.contains("HARPNUM"))
        #expect(try header.string("MAPMETH") == "grad-cam" && header.string("SRCFILE") == "x.npy")
        let unknown = try runFlareKit([
            "occlusion", "--explanation", "grad-cam", "--layer", "nosuch", "--weights", weights.path, "--input", input.path,
            "--output", output.path,
        ])
        #expect(unknown.status == 64 && unknown.standardError.contains("no layer named 'nosuch'"), "\(unknown.standardError)")
    }

    @Test func optionsThatDoNotFitTheExplanationAreRefused() throws {
        let base = ["--weights", "w.safetensors", "--input", "x.npy", "--output", "m.fits"]
        #expect(throws: (any Error).self) { try OcclusionCommand.parse(base + ["--explanation", "lime"]).validate() }
        #expect(throws: (any Error).self) { try OcclusionCommand.parse(base + ["--explanation", "saliency", "--label"]).validate() }
        #expect(throws: (any Error).self) { try OcclusionCommand.parse(base + ["--layer", "conv1"]).validate() }
        try OcclusionCommand.parse(base + ["--explanation", "grad-cam", "--layer", "conv1"]).validate()
    }
}
