import Resampling
import Testing
@testable import Magnetogram

/// Magnetogram resizing: the pixels are the Resampling module's plain-grid resizing (checked
/// against TensorFlow in `ResamplerTests`), the pixel scales follow the new size.
@Suite("Resizing")
struct ResizeTests {
    /// The input and output shapes (height, width) of the TensorFlow fixtures: up, down, square, odd.
    static let shapes = [((41, 23), (48, 64)), ((80, 64), (30, 20)), ((50, 50), (128, 128)), ((9, 17), (13, 5))]

    @Test("Resizes as the plain-grid resampler", arguments: 0..<shapes.count, ResizeMethod.allCases)
    func resizesAsThePlainGridResampler(shape: Int, method: ResizeMethod) throws {
        let ((height, width), (newHeight, newWidth)) = Self.shapes[shape]
        let pixels = (0..<(width * height)).map { Float(($0 * 7919) % 1009) - 504.5 }
        let map = try Magnetogram(width: width, height: height, pixels: pixels, scaleX: 0.03, scaleY: 0.04)
        let resized = try map.resized(width: newWidth, height: newHeight, method: method)
        #expect(resized.width == newWidth && resized.height == newHeight)
        #expect(resized.pixels == (try Resampler.resize(
            pixels, width: width, height: height, toWidth: newWidth, toHeight: newHeight, method: method)))
        // The result records its new resolution.
        #expect(abs(resized.scaleX - 0.03 * Double(width) / Double(newWidth)) < 1e-12)
        #expect(abs(resized.scaleY - 0.04 * Double(height) / Double(newHeight)) < 1e-12)
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
