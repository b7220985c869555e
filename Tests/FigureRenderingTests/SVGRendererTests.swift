import CRSVG
import Foundation
import Testing
@testable import FigureRendering

@Suite("SVG to PNG and PDF with librsvg")
struct SVGRendererTests {
    /// A 200 x 100 white page with a red square (x 20-60, y 20-60) and a line of text.
    static let svg = Data("""
        <svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
        <rect x="20" y="20" width="40" height="40" fill="#ff0000"/>
        <text x="100" y="50" font-family="DejaVu Sans" font-size="14">TSS</text>
        </svg>
        """.utf8)

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-svg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The ARGB pixel at (x, y) of a PNG, read back with cairo.
    func pixel(_ url: URL, _ x: Int, _ y: Int) -> (size: (Int32, Int32), argb: UInt32) {
        let surface = cairo_image_surface_create_from_png(url.path)
        defer { cairo_surface_destroy(surface) }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        let value = data.advanced(by: y * stride + 4 * x).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee }
        return ((cairo_image_surface_get_width(surface), cairo_image_surface_get_height(surface)), value)
    }

    @Test("PNG: twice the SVG's size, the shapes where the SVG puts them, on white")
    func png() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent("figure.png")
        try SVGRenderer().write(svg: Self.svg, as: .png, to: url)
        let inside = pixel(url, 80, 80), outside = pixel(url, 10, 180)
        #expect(inside.size == (400, 200))
        #expect(inside.argb == 0xFFFF_0000)
        #expect(outside.argb == 0xFFFF_FFFF)
        // The text is drawn (some dark pixels around x 200-260, y 70-100 at scale 2).
        var dark = 0
        for x in stride(from: 200, to: 280, by: 2) { for y in stride(from: 70, to: 102, by: 2) where pixel(url, x, y).argb & 0xFF < 0x80 { dark += 1 } }
        #expect(dark > 5)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["figure.png"])   // no temporary left
    }

    @Test("PDF: one page the figure's size in points")
    func pdf() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent("figure.pdf")
        try SVGRenderer().write(svg: Self.svg, as: .pdf, to: url)
        let bytes = try Data(contentsOf: url)
        #expect(bytes.starts(with: Data("%PDF-".utf8)))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("/MediaBox [ 0 0 150 75 ]"), "\(text.prefix(600))")
    }

    @Test("A broken SVG or an unwritable place is an error naming the file, and nothing is left")
    func errors() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent("broken.png")
        #expect(throws: FigureRenderingError.self) { try SVGRenderer().write(svg: Data("<svg".utf8), as: .png, to: url) }
        do {
            try SVGRenderer().write(svg: Data("not xml".utf8), as: .pdf, to: url)
        } catch let error as FigureRenderingError {
            #expect(String(describing: error).contains(url.path))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
        let missing = root.appendingPathComponent("no-such-folder/figure.png")
        #expect(throws: FigureRenderingError.self) { try SVGRenderer().write(svg: Self.svg, as: .png, to: missing) }
    }
}
