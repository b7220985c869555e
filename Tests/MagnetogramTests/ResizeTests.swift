import Foundation
import Testing
@testable import Magnetogram

/// Resizing against TensorFlow's tf.image.resize(antialias=False), fixtures made by
/// Scripts/fixtures/make_resize_fixtures.py.
@Suite("Resizing")
struct ResizeTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/resize")

    func floats(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    @Test("Matches TensorFlow", arguments: ["up", "down", "square", "odd"], ResizeMethod.allCases)
    func matchesTensorFlow(name: String, method: ResizeMethod) throws {
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: Self.folder.appendingPathComponent("manifest.json"))) as? [String: [String: [Int]]]
        let entry = try #require(manifest?[name])
        let (inShape, outShape) = (try #require(entry["input"]), try #require(entry["output"]))
        let map = try Magnetogram(
            width: inShape[1], height: inShape[0], pixels: try floats("\(name)_input.f32"), scaleX: 0.03, scaleY: 0.04)
        let resized = try map.resized(width: outShape[1], height: outShape[0], method: method)
        let expected = try floats("\(name)_\(method.rawValue).f32")
        #expect(resized.pixels.count == expected.count)
        let scale = expected.map(abs).max() ?? 1
        let worst = zip(resized.pixels, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-5 * scale, "\(name) \(method): max difference \(worst) (values up to \(scale))")
        if ProcessInfo.processInfo.environment["FLAREKIT_PRINT_REFERENCE_DIFFS"] == "1" { print("resize \(name) \(method): worst \(worst / scale) of max") }
        // The result records its new resolution.
        #expect(abs(resized.scaleX - 0.03 * Double(inShape[1]) / Double(outShape[1])) < 1e-12)
        #expect(abs(resized.scaleY - 0.04 * Double(inShape[0]) / Double(outShape[0])) < 1e-12)
    }

    @Test func physicalScaleCropReportsDiscardedFlux() throws {
        // A 0.03 deg/pixel bipole, 200x100 pixels, resampled to 0.06 deg/pixel: 100x50, then
        // padded to 128x128 (nothing lost) or cropped to 32x32 (most of the flux lost).
        let probe = try SyntheticBipole(
            arrangement: .positiveNegative, radius: 6, field: 800, width: 200, height: 100, degreesPerPixel: 0.03)
        let map = probe.magnetogram()
        let padded = try map.resampled(toScale: 0.06, width: 128, height: 128)
        #expect(padded.magnetogram.width == 128 && padded.magnetogram.scaleX == 0.06)
        #expect(padded.discardedFluxFraction == 0)
        #expect(abs(padded.magnetogram.unsignedFlux() / map.unsignedFlux() - 1) < 0.05)
        let cropped = try map.resampled(toScale: 0.06, width: 16, height: 16)
        #expect(cropped.discardedFluxFraction > 0.3 && cropped.discardedFluxFraction < 1)
        #expect(throws: MagnetogramError.self) { try map.resampled(toScale: 0, width: 8, height: 8) }
        #expect(throws: MagnetogramError.self) { try map.resized(width: 0, height: 8) }
    }
}
