/// Renders a ``Figure`` as an SVG document: header, title, and the panels in a grid.
struct FigureRenderer {
    let figure: Figure

    /// The size actually used: defaults for non-finite or non-positive sizes, and at least
    /// 120 × 100, at most 10000 × 10000 pixels.
    var size: (width: Double, height: Double) {
        func sanitize(_ value: Double, fallback: Double, minimum: Double) -> Double {
            guard value.isFinite, value > 0 else { return fallback }
            return min(max(value, minimum), 10_000)
        }
        return (sanitize(figure.width, fallback: 640, minimum: 120), sanitize(figure.height, fallback: 420, minimum: 100))
    }

    /// The grid cell of each panel.
    var cells: [PlotRect] {
        let count = figure.panels.count
        guard count > 0 else { return [] }
        let columns = min(max(figure.columns ?? count, 1), count)
        let rows = (count + columns - 1) / columns
        let (width, height) = size
        let top = figure.title == nil ? 0.0 : 30.0
        let cellWidth = width / Double(columns), cellHeight = (height - top) / Double(rows)
        return (0..<count).map { index in
            PlotRect(
                x: Double(index % columns) * cellWidth, y: top + Double(index / columns) * cellHeight,
                width: cellWidth, height: cellHeight)
        }
    }

    /// The layout of each panel (plot areas, domains, ticks).
    var layouts: [PanelLayout] {
        zip(figure.panels, cells).map { PanelLayout(panel: $0, cell: $1) }
    }

    func render() -> String {
        let (width, height) = size
        func f(_ value: Double) -> String { SVGNumberFormat.coordinate(value) }
        var writer = SVGWriter()
        writer.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        writer.open("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("version", "1.1"), ("width", f(width)), ("height", f(height)),
            ("viewBox", "0 0 \(f(width)) \(f(height))"), ("font-family", FigureStyle.fontFamily),
            ("font-size", f(FigureStyle.tickFontSize)), ("role", "img"),
        ])
        writer.element("title", [], text: figure.title ?? "Figure")
        writer.element("rect", [("class", "background"), ("width", f(width)), ("height", f(height)), ("fill", FigureStyle.background)])
        if let title = figure.title {
            writer.element(
                "text",
                [
                    ("class", "figure-title"), ("x", f(width / 2)), ("y", "21"), ("text-anchor", "middle"),
                    ("font-size", f(FigureStyle.titleFontSize)), ("font-weight", "bold"), ("fill", FigureStyle.textColor),
                ], text: title)
        }
        for (index, (panel, cell)) in zip(figure.panels, cells).enumerated() {
            PanelRenderer.render(panel, index: index, cell: cell, into: &writer)
        }
        writer.close("svg")
        return writer.text
    }
}
