import Foundation
import Magnetogram
import NeuralCore
import Testing

@testable import Interpretability

@Suite("Sensitivity maps: normalisation, region, files")
struct SensitivityMapTests {
    @Test func normalisesByTheAbsoluteMaximum() throws {
        let map = try SensitivityMap(unnormalized: [0.5, -2, 1, 1.9, 0, 0.2], width: 3, height: 2)
        #expect(map.absoluteMaximum == 2)
        #expect(map.values == [0.25, -1, 0.5, 0.95, 0, 0.1])
        #expect(!map.isAllZero)
        // Only values above 0.9 are highlighted; -1 is not (the sign matters).
        #expect(map.highlightedRegion() == [false, false, false, true, false, false])
        #expect(map.highlightedRegion(threshold: 0.4) == [false, false, true, true, false, false])
        #expect(map.peak == (0, 1))
    }

    @Test func anAllZeroMapStaysZeroAndSaysSo() throws {
        let map = try SensitivityMap(unnormalized: [0, 0, 0, 0], width: 2, height: 2)
        #expect(map.isAllZero)
        #expect(map.values == [0, 0, 0, 0])
        #expect(map.highlightedRegion().allSatisfy { !$0 })
        let resized = try map.resized(width: 5, height: 3)
        #expect(resized.isAllZero && resized.values.allSatisfy { $0 == 0 })
    }

    @Test func nonFiniteValuesAndBadSizesAreTypedErrors() {
        #expect(throws: InterpretabilityError.nonFiniteMap(what: "sensitivity map")) {
            try SensitivityMap(unnormalized: [0, .nan], width: 2, height: 1)
        }
        #expect(throws: InterpretabilityError.self) { try SensitivityMap(unnormalized: [0, 1, 2], width: 2, height: 1) }
    }

    @Test func resizingIsBicubicThenNormalised() throws {
        let raw: [Float] = [0, 1, 2, 3, 4, 5, 6, -9, 8, 9, 10, 11]
        let map = try SensitivityMap(unnormalized: raw, width: 4, height: 3)
        let resized = try map.resized(width: 7, height: 5)
        // Independently: the Magnetogram module's bicubic resize of the raw values, normalised.
        let expected = try Magnetogram(width: 4, height: 3, pixels: raw, scaleX: 1, scaleY: 1)
            .resized(width: 7, height: 5, method: .bicubic).pixels
        let maximum = expected.map(abs).max()!
        #expect(resized.width == 7 && resized.height == 5)
        #expect(zip(resized.values, expected).allSatisfy { abs($0 - $1 / maximum) < 1e-6 })
    }

    @Test func writesFITSAndNumpy() throws {
        let folder = try temporaryFolder("sensitivity-files")
        defer { try? FileManager.default.removeItem(at: folder) }
        let raw: [Float] = [1, -3, 0.5, 2, 0, 6]
        let map = try SensitivityMap(unnormalized: raw, width: 3, height: 2)
        let fits = folder.appendingPathComponent("map.fits"), npy = folder.appendingPathComponent("map.npy")
        try map.write(to: fits)
        try map.write(to: npy)
        let image = try FITSReader().readImage(at: fits.path)
        #expect(image.width == 3 && image.height == 2 && image.bitpix == -32)
        #expect(image.pixels == raw.map { $0 / 6 })
        #expect(try image.header.double("ABSMAX") == 6)
        let array = try NumpyArray.read(from: npy)
        #expect(array.shape == [2, 3] && array.elementType == .float32)
        #expect(array.floats() == raw.map { $0 / 6 })
        #expect(throws: InterpretabilityError.self) { try map.write(to: folder.appendingPathComponent("map.png")) }
    }

    @Test func overlayDrawsTheRegionInRed() throws {
        let magnetogram = try Magnetogram(width: 3, height: 2, pixels: [-600, 0, 600, 100, -100, 250], scaleX: 1, scaleY: 1)
        let map = try SensitivityMap(unnormalized: [0, 1, 0.2, 0.95, 0, 0], width: 3, height: 2)
        let png = try map.overlayPNG(on: magnetogram)
        #expect(png == (try magnetogram.overlayPNG(mask: [false, true, false, true, false, false], saturation: 500)))
        let other = try Magnetogram(width: 2, height: 2, pixels: [0, 0, 0, 0], scaleX: 1, scaleY: 1)
        #expect(throws: InterpretabilityError.self) { try map.overlayPNG(on: other) }
    }
}
