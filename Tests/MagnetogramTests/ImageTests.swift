import Foundation
import Testing
@testable import Magnetogram

/// PNG output, decoded here by a strict reader of what the encoder writes (signature, chunk
/// CRCs, zlib stored blocks, Adler-32).
@Suite("PNG images")
struct ImageTests {
    struct DecodedPNG {
        var width: Int, height: Int, colourType: UInt8, rows: [[UInt8]]
    }

    func decode(_ png: Data) throws -> DecodedPNG {
        let bytes = [UInt8](png)
        #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var offset = 8
        var width = 0, height = 0, colour: UInt8 = 0
        var idat: [UInt8] = []
        var sawEnd = false
        while offset < bytes.count {
            let length = u32(offset)
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let body = Array(bytes[(offset + 8)..<(offset + 8 + length)])
            let crc = UInt32(u32(offset + 8 + length))
            #expect(PNGEncoder.crc32(Data(bytes[(offset + 4)..<(offset + 8 + length)])) == crc, "CRC of \(type)")
            if type == "IHDR" { width = u32(offset + 8); height = u32(offset + 12); colour = body[9] }
            if type == "IDAT" { idat += body }
            if type == "IEND" { sawEnd = true }
            offset += 12 + length
        }
        #expect(sawEnd)
        // zlib: header, stored blocks, Adler-32.
        #expect((Int(idat[0]) * 256 + Int(idat[1])) % 31 == 0)
        var raw: [UInt8] = []
        var position = 2
        while true {
            let final = idat[position] & 1
            #expect(idat[position] >> 1 == 0, "stored block")
            let length = Int(idat[position + 1]) | Int(idat[position + 2]) << 8
            let complement = Int(idat[position + 3]) | Int(idat[position + 4]) << 8
            #expect(length ^ 0xFFFF == complement)
            raw += idat[(position + 5)..<(position + 5 + length)]
            position += 5 + length
            if final == 1 { break }
        }
        let adler = UInt32(idat[position]) << 24 | UInt32(idat[position + 1]) << 16 | UInt32(idat[position + 2]) << 8 | UInt32(idat[position + 3])
        #expect(PNGEncoder.adler32(Data(raw)) == adler)
        let channels = colour == 2 ? 3 : 1
        var rows: [[UInt8]] = []
        for y in 0..<height {
            let start = y * (width * channels + 1)
            #expect(raw[start] == 0, "filter type")
            rows.append(Array(raw[(start + 1)..<(start + 1 + width * channels)]))
        }
        return DecodedPNG(width: width, height: height, colourType: colour, rows: rows)
    }

    @Test func grayscaleIsSaturatedAt500GaussNorthUp() throws {
        // Bottom row (FITS row 0): -1000, -500; top row: 0, 250.
        let map = try Magnetogram(width: 2, height: 2, pixels: [-1000, -500, 0, 250], scaleX: 1, scaleY: 1)
        let png = try decode(map.grayscalePNG())
        #expect(png.width == 2 && png.height == 2 && png.colourType == 0)
        #expect(png.rows == [[128, 191], [0, 0]])
    }

    @Test func overlayDrawsTheMaskInRed() throws {
        let map = try Magnetogram(width: 2, height: 1, pixels: [500, -500], scaleX: 1, scaleY: 1)
        let png = try decode(try map.overlayPNG(mask: [false, true]))
        #expect(png.colourType == 2)
        #expect(png.rows == [[255, 255, 255, 255, 0, 0]])
        #expect(throws: MagnetogramError.self) { try map.overlayPNG(mask: [true]) }
    }

    @Test func largeImagesSpanSeveralStoredBlocks() throws {
        let pixels = (0..<(300 * 300)).map { Float(sin(Double($0) * 0.37) * 600) }
        let map = try Magnetogram(width: 300, height: 300, pixels: pixels, scaleX: 1, scaleY: 1)
        let png = try decode(map.grayscalePNG())
        #expect(png.rows.count == 300)
        #expect(png.rows[299][0] == Magnetogram.grey(pixels[0], saturation: 500))
    }
}

/// The raster, its nearest-neighbour enlargement, text and the colour bar, read back from the PNG.
@Suite("RGB images and colour bars")
struct RGBImageTests {
    @Test func upscalingRepeatsPixelsAndThePNGDecodes() throws {
        var image = RGBImage(width: 2, height: 1)
        image[1, 0] = .red
        let big = image.upscaled(by: 3)
        #expect(big.width == 6 && big.height == 3)
        let png = try ImageTests().decode(big.pngData())
        #expect(png.width == 6 && png.height == 3 && png.colourType == 2)
        #expect(png.rows[2] == [255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 255, 0, 0, 255, 0, 0])
    }

    @Test func colourBarRunsFromMinimumToMaximumWithLabels() throws {
        for scale in ColourScale.allCases {
            var image = RGBImage(width: 80, height: 140)
            let right = image.drawColourBar(scale, x: 10, y: 10, width: 20, height: 120)
            let png = try ImageTests().decode(image.pngData())
            #expect(png.width == 80 && png.height == 140)
            // Column 20 (inside the bar), rows 129 (bottom) up to 10 (top).
            let bar = (0..<120).map { i -> [UInt8] in Array(png.rows[129 - i][60..<63]) }
            #expect(bar.first == [scale.colour(for: scale.minimum)].flatMap { [$0.red, $0.green, $0.blue] })
            #expect(bar.last == [scale.colour(for: 1)].flatMap { [$0.red, $0.green, $0.blue] })
            // Red grows monotonically; blue falls on the diverging scale and grows on the sequential one.
            #expect(zip(bar, bar.dropFirst()).allSatisfy { $0[0] <= $1[0] })
            #expect(zip(bar, bar.dropFirst()).allSatisfy { scale == .diverging ? $0[2] >= $1[2] : $0[2] <= $1[2] })
            #expect(Set(bar).count > 100, "the bar varies along its 120 rows")
            // Labels: black pixels right of the bar, and the right edge reported.
            #expect(right > 37 && right <= 80)
            #expect(png.rows.contains { row in (38..<right).contains { row[$0 * 3] == 0 && row[$0 * 3 + 2] == 0 } })
        }
        #expect(ColourScale.diverging.ticks.map(ColourScale.label) == ["-1", "0", "1"])
        #expect(ColourScale.sequential.ticks.map(ColourScale.label) == ["0", "0.5", "1"])
    }
}
