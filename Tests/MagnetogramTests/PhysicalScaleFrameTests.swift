import Resampling
import Testing
@testable import Magnetogram

@Suite("Physical-scale frames and plain-grid resizing")
struct PhysicalScaleFrameTests {
    @Test func theWindowIsCentredInTheResampledFrame() throws {
        // 20 x 12 pixels of 0.03 deg at 0.06 deg: a 10 x 6 frame; the 8 x 8 window cuts one
        // column on each side and pads one row below and above.
        let frame = try PhysicalScaleFrame(
            mapWidth: 20, mapHeight: 12, scaleX: 0.03, scaleY: 0.03, degreesPerPixel: 0.06, width: 8, height: 8)
        #expect(frame.frameWidth == 10 && frame.frameHeight == 6 && frame.x0 == 1 && frame.y0 == -1)
        let grid = (0..<60).map { Float($0 + 1) }
        let window = try frame.crop(grid)
        #expect(window[0] == 0 && window[8] == grid[1] && window[6 * 8 + 7] == grid[5 * 10 + 8])
        // The inverse keeps what the window holds and zeroes the two cut columns.
        let back = try frame.place(window)
        for y in 0..<6 {
            for x in 0..<10 { #expect(back[y * 10 + x] == (x == 0 || x == 9 ? 0 : grid[y * 10 + x])) }
        }
        #expect(throws: MagnetogramError.self) { try frame.crop([1, 2]) }
        #expect(throws: MagnetogramError.self) { try frame.place([1, 2]) }
        #expect(throws: MagnetogramError.self) {
            try PhysicalScaleFrame(mapWidth: 2, mapHeight: 2, scaleX: 1, scaleY: 1, degreesPerPixel: 0, width: 1, height: 1)
        }
    }

    @Test func aPlainGridResizesAsAMagnetogram() throws {
        let pixels = (0..<35).map { Float(($0 * 37) % 11) - 5 }
        let map = try Magnetogram(width: 7, height: 5, pixels: pixels, scaleX: 0.03, scaleY: 0.03)
        for method in ResizeMethod.allCases {
            let grid = try Resampler.resize(pixels, width: 7, height: 5, toWidth: 4, toHeight: 9, method: method)
            #expect(grid == (try map.resized(width: 4, height: 9, method: method)).pixels)
        }
    }
}
