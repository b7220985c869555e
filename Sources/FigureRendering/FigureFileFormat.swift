/// The file formats a figure is written in. SVG is FlareKit's own; PNG and PDF are rendered from
/// it by librsvg and cairo.
public enum FigureFileFormat: String, Sendable, CaseIterable, Codable {
    /// Standalone SVG (always written).
    case svg
    /// A raster image (``SVGRenderer/pngScale`` pixels per SVG pixel).
    case png
    /// A vector PDF page the figure's size (1 SVG pixel = 0.75 pt, CSS's 96 px per inch).
    case pdf

    /// The file extension, without the dot.
    public var fileExtension: String { rawValue }
}
