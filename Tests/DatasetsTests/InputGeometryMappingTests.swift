import Foundation
import Magnetogram
import NeuralCore
import Testing
@testable import Datasets

@Suite("The input geometry's forward and inverse")
struct InputGeometryMappingTests {
    /// A smooth field on `width` x `height` pixels of 0.03 degrees.
    func smooth(width: Int, height: Int) throws -> Magnetogram {
        var pixels = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let across: Double = 100 * sin(Double(x) / Double(width) * 3)
                let down: Double = 50 * cos(Double(y) / Double(height) * 2)
                pixels[y * width + x] = Float(across + down)
            }
        }
        return try PreparationFixtures.magnetogram(width: width, height: height, pixels: pixels)
    }

    @Test(arguments: [false, true])
    func theInverseOfTheForwardIsTheMapWithinInterpolationError(flipped: Bool) throws {
        let map = try smooth(width: 40, height: 30)
        let mapping = try InputGeometryMapping(.resize(width: 20, height: 15, method: .bilinear), magnetogram: map, flipped: flipped)
        let input = try mapping.forward(map)
        #expect(input.count == 300)
        let back = try mapping.inverse(input)
        #expect(back.count == 1200)
        // Away from the border (where the resize clamps), halving and doubling a smooth field
        // changes it by well under 1 % of its range (150 G).
        var worst: Float = 0
        for y in 2..<28 { for x in 2..<38 { worst = max(worst, abs(back[y * 40 + x] - map[x, y])) } }
        #expect(worst < 1.5, "worst difference \(worst) G")
    }

    @Test func theFlipReversesTheRows() throws {
        let map = try smooth(width: 12, height: 8)
        let geometry = InputGeometry.resize(width: 6, height: 4, method: .bicubic)
        let plain = try InputGeometryMapping(geometry, magnetogram: map, flipped: false).forward(map)
        let flipped = try InputGeometryMapping(geometry, magnetogram: map, flipped: true).forward(map)
        for y in 0..<4 { #expect(Array(flipped[(y * 6)..<(y * 6 + 6)]) == Array(plain[((3 - y) * 6)..<((3 - y) * 6 + 6)])) }
    }

    @Test func aPointMapsToItsExpectedCoordinates() throws {
        let map = try PreparationFixtures.magnetogram(width: 20, height: 12, pixels: [Float](repeating: 0, count: 240))
        // A resize to 8 x 8: u = (x + 0.5) * 8 / 20 - 0.5, v = (y + 0.5) * 8 / 12 - 0.5.
        let resize = try InputGeometryMapping(.resize(width: 8, height: 8, method: .bilinear), magnetogram: map, flipped: false)
        let corner = resize.inputPoint(x: 0, y: 0)
        #expect(abs(corner.x + 0.3) < 1e-12 && abs(corner.y + 1.0 / 6) < 1e-12)
        #expect(resize.inputPoint(x: 9.5, y: 5.5) == (3.5, 3.5))
        // Flipped, the row is counted from the top: 7 - v.
        let flipped = try InputGeometryMapping(.resize(width: 8, height: 8, method: .bilinear), magnetogram: map, flipped: true)
        #expect(abs(flipped.inputPoint(x: 0, y: 0).y - (7 + 1.0 / 6)) < 1e-12)
        // Resolution preserving at 0.06 deg: a 10 x 6 frame, the window at (1, -1).
        let preserving = try InputGeometryMapping(
            .resolutionPreserving(scale: .degreesPerPixel(0.06), width: 8, height: 8, method: .bilinear), magnetogram: map, flipped: false)
        #expect(preserving.frame?.frameWidth == 10 && preserving.frame?.x0 == 1 && preserving.frame?.y0 == -1)
        #expect(preserving.inputPoint(x: 2, y: 2) == (-0.25, 1.75))
        for mapping in [resize, flipped, preserving] {
            let point = mapping.inputPoint(x: 13, y: 4)
            let back = mapping.magnetogramPoint(x: point.x, y: point.y)
            #expect(abs(back.x - 13) < 1e-12 && abs(back.y - 4) < 1e-12)
        }
    }

    @Test func aBrightPixelLandsWhereItsPointMaps() throws {
        var pixels = [Float](repeating: 0, count: 256)
        pixels[3 * 16 + 5] = 1000
        let map = try PreparationFixtures.magnetogram(width: 16, height: 16, pixels: pixels)
        let mapping = try InputGeometryMapping(.resize(width: 8, height: 8, method: .nearest), magnetogram: map, flipped: true)
        let input = try mapping.forward(map)
        let peak = try #require(input.indices.max { input[$0] < input[$1] })
        let point = mapping.inputPoint(x: 5, y: 3)
        #expect(peak % 8 == Int(point.x.rounded()) && peak / 8 == Int(point.y.rounded()), "peak \(peak), point \(point)")
        #expect(input[peak] == 1000)
    }

    @Test func mismatchedSizesAreErrors() throws {
        let map = try smooth(width: 12, height: 8)
        let mapping = try InputGeometryMapping(.resize(width: 6, height: 4, method: .bilinear), magnetogram: map, flipped: false)
        #expect(throws: DatasetsError.self) { try mapping.inverse([1, 2, 3]) }
        #expect(throws: DatasetsError.self) { try mapping.forward(try self.smooth(width: 10, height: 8)) }
    }
}
