import Foundation
import Testing
@testable import Magnetogram

@Suite("Flux, area and transforms")
struct PhysicsTests {
    func map(_ values: [Float], width: Int, height: Int, scale: Double = 0.03) throws -> Magnetogram {
        try Magnetogram(width: width, height: height, pixels: values, scaleX: scale, scaleY: scale)
    }

    @Test func fluxUsesTheEqualAreaPixel() throws {
        let m = try map([100, -50, .nan, 20], width: 2, height: 2)
        // Pixel side: 0.03 deg x (696 Mm x pi / 180) = 0.3644 Mm = 3.644e7 cm.
        let side = 0.03 * 696e6 * Double.pi / 180 * 100
        #expect(abs(m.pixelArea / (side * side) - 1) < 1e-12)
        #expect(abs(m.unsignedFlux() / (170 * side * side) - 1) < 1e-12)
        #expect(abs(m.unsignedFlux(threshold: 30) / (150 * side * side) - 1) < 1e-12)
        let (positive, negative) = m.signedFlux()
        #expect(abs(positive / (120 * side * side) - 1) < 1e-12)
        #expect(abs(negative / (-50 * side * side) - 1) < 1e-12)
        #expect(abs(m.netFlux() / (70 * side * side) - 1) < 1e-12)
        #expect(abs(m.area(threshold: 30) - 2 * side * side / 1e16) < 1e-12)
    }

    @Test func transforms() throws {
        // 3 wide, 2 high: rows [1 2 3] (bottom) and [4 5 6].
        let m = try map([1, 2, 3, 4, 5, 6], width: 3, height: 2)
        #expect(m.reversingPolarity().pixels == [-1, -2, -3, -4, -5, -6])
        #expect(m.flippedVertically().pixels == [4, 5, 6, 1, 2, 3])
        #expect(m.flippedHorizontally().pixels == [3, 2, 1, 6, 5, 4])
        let r90 = try m.rotated(byDegrees: 90)
        #expect(r90.width == 2 && r90.height == 3)
        // Counter-clockwise: the bottom row becomes the right column, read upwards.
        #expect(r90.pixels == [4, 1, 5, 2, 6, 3])
        #expect(try m.rotated(byDegrees: 180).pixels == [6, 5, 4, 3, 2, 1])
        #expect(try m.rotated(byDegrees: 270).pixels == [3, 6, 2, 5, 1, 4])
        #expect(try m.rotated(byDegrees: 90).rotated(byDegrees: 270) == m)
        #expect(throws: MagnetogramError.self) { try m.rotated(byDegrees: 45) }
        let clipped = try map([-900, 20, .nan, 700], width: 2, height: 2).clipped(to: 500)
        #expect(clipped.pixels[0] == -500 && clipped.pixels[1] == 20 && clipped.pixels[2].isNaN && clipped.pixels[3] == 500)
    }

    @Test func rejectsBadSizes() {
        #expect(throws: MagnetogramError.self) { try Magnetogram(width: 2, height: 2, pixels: [1], scaleX: 1, scaleY: 1) }
        #expect(throws: MagnetogramError.self) { try Magnetogram(width: 1, height: 1, pixels: [1], scaleX: 0, scaleY: 1) }
    }
}

@Suite("Synthetic bipoles")
struct SyntheticBipoleTests {
    @Test("Flux matches the closed form", arguments: SyntheticBipole.Arrangement.allCases)
    func closedForm(arrangement: SyntheticBipole.Arrangement) throws {
        let probe = try SyntheticBipole(
            arrangement: arrangement, radius: 8, field: 1000, width: 200, height: 120, degreesPerPixel: 0.06)
        let map = probe.magnetogram()
        let relative = abs(map.unsignedFlux() / probe.closedFormUnsignedFlux - 1)
        #expect(relative < 2e-3, "\(arrangement): \(relative)")
        // Polarity order left to right, and the net flux of the arrangement.
        let centreRow = map.height / 2
        let row = (0..<map.width).map { map[$0, centreRow] }
        let signs = row.filter { $0 != 0 }.map { $0 > 0 ? Character("+") : Character("-") }
        let runs = signs.reduce(into: [Character]()) { if $0.last != $1 { $0.append($1) } }
        #expect(String(runs) == arrangement.rawValue)
        let expectedNet = Double(arrangement.signs.reduce(0, +)) * probe.closedFormUnsignedFlux / Double(arrangement.signs.count)
        #expect(abs(map.netFlux() - expectedNet) <= 2e-3 * probe.closedFormUnsignedFlux)
    }

    @Test func separationAndScale() throws {
        // 1 degree = 12.147 Mm; with 0.03 deg/pixel a 10 Mm radius is 27.4 pixels.
        let probe = try SyntheticBipole(
            arrangement: .positiveNegative, radius: 10, field: 500, separation: 40, width: 256, height: 256, degreesPerPixel: 0.03)
        #expect(abs(probe.megametresPerPixel - 0.03 * 696 * Double.pi / 180) < 1e-9)
        let map = probe.magnetogram()
        // Centres at 128 -+ 20 Mm / 0.3644 Mm/px = 128 -+ 54.9 px: the middle column is empty.
        #expect(map[128, 128] == 0)
        #expect(map[73, 128] == 500 && map[183, 128] == -500)
        #expect(throws: MagnetogramError.self) {
            try SyntheticBipole(arrangement: .positive, radius: -1, field: 1, width: 8, height: 8, degreesPerPixel: 0.1)
        }
    }
}
