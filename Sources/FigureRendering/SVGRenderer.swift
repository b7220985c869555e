import CRSVG
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Renders SVG documents to PNG or PDF with librsvg and cairo (Debian `librsvg2-dev`), the
/// renderer GNOME and most Linux tools use.
///
/// ```swift
/// let svg = Data(figure.svgText().utf8)
/// try SVGRenderer().write(svg: svg, as: .png, to: URL(fileURLWithPath: "tss.png"))
/// try SVGRenderer().write(svg: svg, as: .pdf, to: URL(fileURLWithPath: "tss.pdf"))
/// ```
///
/// Files are written atomically: rendered to a temporary file beside the destination, then
/// renamed over it.
public struct SVGRenderer: Sendable {
    /// PNG pixels per SVG pixel (2: a 640 x 420 figure becomes 1280 x 840, readable on a
    /// high-density screen and in print).
    public var pngScale: Double = 2

    /// A renderer.
    public init(pngScale: Double = 2) {
        self.pngScale = pngScale
    }

    /// Renders `svg` as `format` to `url` (SVG is written as it is).
    /// - Throws: ``FigureRenderingError/render(path:problem:)`` for an SVG librsvg cannot read,
    ///   ``FigureRenderingError/file(path:problem:)`` when the file cannot be written.
    public func write(svg: Data, as format: FigureFileFormat, to url: URL) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))")
        defer { unlink(temporary.path) }
        switch format {
        case .svg:
            do { try svg.write(to: temporary) } catch {
                throw FigureRenderingError.file(path: url.path, problem: "cannot write: \(error.localizedDescription)")
            }
        case .png, .pdf:
            try render(svg, format: format, to: temporary.path, reportedAs: url.path)
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw FigureRenderingError.file(path: url.path, problem: "cannot replace the file: \(String(cString: strerror(errno)))")
        }
    }

    /// The size librsvg gives the document, in SVG pixels.
    private static func size(of handle: UnsafeMutablePointer<RsvgHandle>, path: String) throws -> (width: Double, height: Double) {
        var width = 0.0, height = 0.0
        guard rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) != 0, width > 0, height > 0 else {
            throw FigureRenderingError.render(path: path, problem: "the SVG has no width and height in absolute units")
        }
        return (width, height)
    }

    private func render(_ svg: Data, format: FigureFileFormat, to path: String, reportedAs reported: String) throws {
        var error: UnsafeMutablePointer<GError>?
        let handle = svg.withUnsafeBytes { bytes in
            rsvg_handle_new_from_data(bytes.bindMemory(to: UInt8.self).baseAddress, gsize(bytes.count), &error)
        }
        guard let handle else { throw FigureRenderingError.render(path: reported, problem: Self.message(error)) }
        defer { g_object_unref(UnsafeMutableRawPointer(handle)) }
        let (width, height) = try Self.size(of: handle, path: reported)

        let surface: OpaquePointer?
        let scale: Double
        switch format {
        case .png:
            scale = pngScale
            surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32((width * scale).rounded()), Int32((height * scale).rounded()))
        default:
            scale = 0.75
            surface = cairo_pdf_surface_create(path, width * scale, height * scale)
        }
        guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw FigureRenderingError.file(path: reported, problem: "cairo cannot create the \(format.rawValue) surface")
        }
        defer { cairo_surface_destroy(surface) }
        let context = cairo_create(surface)
        defer { cairo_destroy(context) }
        if format == .png {   // an opaque white page, as the SVG shows in a browser
            cairo_set_source_rgb(context, 1, 1, 1)
            cairo_paint(context)
        }
        cairo_scale(context, scale, scale)
        var viewport = RsvgRectangle(x: 0, y: 0, width: width, height: height)
        guard rsvg_handle_render_document(handle, context, &viewport, &error) != 0 else {
            throw FigureRenderingError.render(path: reported, problem: Self.message(error))
        }
        cairo_surface_flush(surface)
        if format == .png {
            let status = cairo_surface_write_to_png(surface, path)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw FigureRenderingError.file(path: reported, problem: "cannot write the PNG: \(String(cString: cairo_status_to_string(status)))")
            }
        } else {
            cairo_surface_finish(surface)
            let status = cairo_surface_status(surface)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw FigureRenderingError.file(path: reported, problem: "cannot write the PDF: \(String(cString: cairo_status_to_string(status)))")
            }
        }
    }

    private static func message(_ error: UnsafeMutablePointer<GError>?) -> String {
        guard let error else { return "unknown error" }
        defer { g_error_free(error) }
        return error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    }
}
