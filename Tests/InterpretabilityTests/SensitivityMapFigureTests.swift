import Foundation
import Magnetogram
import Testing

@testable import Interpretability

/// The PNG figure: magnetogram with the highlighted region, the map in colour, a labelled
/// colour bar, enlarged to a readable size.
@Suite("Sensitivity maps: PNG figure")
struct SensitivityMapFigureTests {
    /// The PNG's width and height from its IHDR chunk (bytes 16-23, big-endian).
    func pngSize(_ png: Data) -> (Int, Int) {
        let bytes = [UInt8](png)
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        return (u32(16), u32(20))
    }

    @Test func smallMapsAreEnlargedAndTheColourBarIsMonotonic() throws {
        // 128 x 64 signed map: enlarged 4 times, so each panel is 512 x 256.
        let (width, height) = (128, 64)
        let values = (0..<(width * height)).map { Float($0 % width) - 40 }
        let map = try SensitivityMap(unnormalized: values, width: width, height: height)
        let magnetogram = try Magnetogram(
            width: width, height: height, pixels: (0..<(width * height)).map { Float($0 % 7) * 100 - 300 }, scaleX: 1, scaleY: 1)
        #expect(map.colourScale == .diverging && map.figureScale() == 4)
        let png = try map.figurePNG(on: magnetogram)
        let image = try map.figureImage(on: magnetogram)
        let layout = SensitivityMap.FigureLayout(panelWidth: 512, panelHeight: 256)
        #expect(pngSize(png) == (image.width, image.height))
        #expect(image.width == layout.width && image.height == 256 + 2 * layout.margin && image.width >= 2 * 512)
        // The overlay panel: the enlarged magnetogram; its top-left pixel is FITS row 63, column 0:
        // pixel 8064, 8064 % 7 = 0, so -300 G, grey (200 / 1000) 255 = 51.
        #expect(magnetogram[0, 63] == -300)
        let topLeft = RGBColour(grey: 51)
        #expect(image[layout.margin, layout.margin] == topLeft && image[layout.margin + 3, layout.margin + 3] == topLeft)
        // The map panel: column 40 is the value 0 (white), column 0 is -40/87 (bluish).
        #expect(image[layout.mapX + 40 * 4, layout.margin] == .white)
        #expect(image[layout.mapX, layout.margin] == ColourScale.diverging.colour(for: -40 / 87))
        // The colour bar, bottom to top: red never falls, blue never rises, and they span the scale.
        let column = layout.barX + SensitivityMap.FigureLayout.barWidth / 2
        let bar = (0..<256).map { image[column, layout.margin + 255 - $0] }
        #expect(zip(bar, bar.dropFirst()).allSatisfy { $0.red <= $1.red && $0.blue >= $1.blue })
        #expect(bar.first == ColourScale.diverging.colour(for: -1) && bar.last == ColourScale.diverging.colour(for: 1))
        // Tick labels: dark pixels right of the bar, at the top, middle and bottom.
        let labels = (layout.barX + SensitivityMap.FigureLayout.barWidth + 7)..<image.width
        for row in [layout.margin + 3, layout.margin + 128, layout.margin + 252] {
            let band = (row - 3)...(row + 3)
            #expect(band.contains { y in labels.contains { image[$0, y] == .black } }, "label near row \(row)")
        }
    }

    @Test func nonNegativeMapsUseTheSequentialScaleAndLargeMapsStayAsTheyAre() throws {
        let map = try SensitivityMap(unnormalized: (0..<(600 * 10)).map { Float($0 % 600) }, width: 600, height: 10)
        let magnetogram = try Magnetogram(width: 600, height: 10, pixels: [Float](repeating: 0, count: 6000), scaleX: 1, scaleY: 1)
        #expect(map.colourScale == .sequential && map.figureScale() == 1)
        let image = try map.figureImage(on: magnetogram)
        #expect(image.height == 10 + 32)
        let layout = SensitivityMap.FigureLayout(panelWidth: 600, panelHeight: 10)
        let bar = (0..<10).map { image[layout.barX + 2, layout.margin + 9 - $0] }
        #expect(zip(bar, bar.dropFirst()).allSatisfy { $0.red <= $1.red && $0.green <= $1.green && $0.blue <= $1.blue })
        #expect(bar.first == .black && bar.last == .white)
        let other = try Magnetogram(width: 2, height: 2, pixels: [0, 0, 0, 0], scaleX: 1, scaleY: 1)
        #expect(throws: InterpretabilityError.self) { try map.figurePNG(on: other) }
    }
}
