import Foundation

/// A figure of one or more panels laid out in a grid, rendered as a standalone SVG file.
///
/// The SVG has an XML declaration, the SVG namespace, `width`, `height` and `viewBox`, escaped
/// text, generic font families only (no external fonts, no scripts), and numbers written with at
/// most three decimals without locale, so equal figures give equal bytes. Non-finite data are
/// skipped, never written.
///
/// ```swift
/// let panel = FigurePanel(
///     xAxis: FigureAxis(label: "False positive rate", range: 0...1),
///     yAxis: FigureAxis(label: "True positive rate", range: 0...1),
///     series: [.line(try LineSeries(label: "CNN", x: [0, 0.2, 1], y: [0, 0.7, 1])),
///              .reference(ReferenceLine(.diagonal, label: "chance"))])
/// let figure = Figure(width: 480, height: 440, title: "ROC", panels: [panel])
/// try figure.write(to: URL(fileURLWithPath: "roc.svg"))
/// ```
public struct Figure: Sendable, Equatable {
    /// Width in pixels; drawn at least 120 and at most 10000 wide (640 if not positive and finite).
    public var width: Double
    /// Height in pixels; drawn at least 100 and at most 10000 high (420 if not positive and finite).
    public var height: Double
    /// The title over the whole figure (`nil` for none).
    public var title: String?
    /// The panels, filled into the grid row by row.
    public var panels: [FigurePanel]
    /// Panels per row; `nil` puts all panels side by side.
    public var columns: Int?

    /// A figure.
    public init(
        width: Double = 640, height: Double = 420, title: String? = nil, panels: [FigurePanel],
        columns: Int? = nil
    ) {
        self.width = width
        self.height = height
        self.title = title
        self.panels = panels
        self.columns = columns
    }

    /// The figure as a standalone SVG document (UTF-8 text ending in a newline).
    public func svgText() -> String {
        FigureRenderer(figure: self).render()
    }

    /// Writes ``svgText()`` to `url` atomically (a temporary file in the same directory renamed
    /// over `url`): readers see the old file or the complete new one.
    /// - Throws: ``EvaluationError/file(path:reason:)`` naming the file.
    public func write(to url: URL) throws {
        try writeEvaluationFile(Data(svgText().utf8), to: url)
    }
}
