/// One legend entry: a swatch drawn like its series, and the series label.
struct LegendEntry {
    enum Swatch {
        case line(dashed: Bool, markers: Bool)
        case band(opacity: Double)
        case errorBars
        case bar
        case box
        case reference
    }

    var label: String
    var swatch: Swatch
    var color: FigureColor
}

/// Draws a panel's legend in a corner of the plot area.
enum LegendRenderer {
    static let padding = 8.0
    static let swatchWidth = 24.0
    static let rowHeight = 16.0

    /// The entries of the labelled series, in panel order, with their resolved colours.
    static func entries(of panel: FigurePanel, colors: [FigureColor]) -> [LegendEntry] {
        zip(panel.series, colors).compactMap { series, color in
            guard let label = series.label, !label.isEmpty else { return nil }
            let swatch: LegendEntry.Swatch
            switch series {
            case let .line(line): swatch = .line(dashed: line.isDashed, markers: line.showsMarkers)
            case let .band(band): swatch = .band(opacity: band.opacity)
            case .errorBars: swatch = .errorBars
            case .bars: swatch = .bar
            case .boxPlot: swatch = .box
            case .reference: swatch = .reference
            }
            return LegendEntry(label: label, swatch: swatch, color: color)
        }
    }

    /// The legend's size in pixels.
    static func size(of entries: [LegendEntry]) -> (width: Double, height: Double) {
        let widest = entries.map { TextMetrics.width($0.label, fontSize: FigureStyle.legendFontSize) }.max() ?? 0
        return (padding + swatchWidth + 6 + widest + padding, 6 + Double(entries.count) * rowHeight + 4)
    }

    /// The legend rectangle for a corner, 8 pixels inside the plot area.
    static func frame(
        _ placement: LegendPlacement, size: (width: Double, height: Double), plotArea: PlotRect
    ) -> PlotRect {
        let left = plotArea.x + 8, right = plotArea.maxX - 8 - size.width
        let top = plotArea.y + 8, bottom = plotArea.maxY - 8 - size.height
        switch placement {
        case .topLeft: return PlotRect(x: left, y: top, width: size.width, height: size.height)
        case .bottomLeft: return PlotRect(x: left, y: bottom, width: size.width, height: size.height)
        case .bottomRight: return PlotRect(x: right, y: bottom, width: size.width, height: size.height)
        case .topRight, .automatic, .hidden: return PlotRect(x: right, y: top, width: size.width, height: size.height)
        }
    }

    /// The corner for `placement`; `.automatic` picks the one covering the fewest occupied pixels.
    static func resolve(
        _ placement: LegendPlacement, size: (width: Double, height: Double), plotArea: PlotRect,
        occupied: [(x: Double, y: Double)]
    ) -> LegendPlacement {
        guard placement == .automatic else { return placement }
        var best = LegendPlacement.topRight, fewest = Int.max
        for corner in [LegendPlacement.topRight, .topLeft, .bottomRight, .bottomLeft] {
            let rect = frame(corner, size: size, plotArea: plotArea)
            let covered = occupied.reduce(0) { $0 + (rect.contains($1) ? 1 : 0) }
            if covered < fewest {
                fewest = covered
                best = corner
            }
        }
        return best
    }

    /// Draws the legend (nothing for no entries or `.hidden`).
    static func draw(
        _ entries: [LegendEntry], placement: LegendPlacement, plotArea: PlotRect, occupied: [(x: Double, y: Double)],
        into writer: inout SVGWriter
    ) {
        guard !entries.isEmpty, placement != .hidden else { return }
        let size = size(of: entries)
        let corner = resolve(placement, size: size, plotArea: plotArea, occupied: occupied)
        let box = frame(corner, size: size, plotArea: plotArea)
        func f(_ value: Double) -> String { SVGNumberFormat.coordinate(value) }
        writer.open("g", [("class", "legend")])
        writer.element("rect", [
            ("class", "legend-box"), ("x", f(box.x)), ("y", f(box.y)), ("width", f(box.width)), ("height", f(box.height)),
            ("rx", "3"), ("fill", FigureStyle.background), ("fill-opacity", "0.9"), ("stroke", "#cccccc"),
        ])
        for (row, entry) in entries.enumerated() {
            let midY = box.y + 6 + (Double(row) + 0.5) * rowHeight
            let x0 = box.x + padding, x1 = x0 + swatchWidth
            let color = entry.color.hex
            switch entry.swatch {
            case let .line(dashed, markers):
                var attributes: [(String, String)] = [
                    ("d", "M\(f(x0)),\(f(midY)) L\(f(x1)),\(f(midY))"), ("stroke", color),
                    ("stroke-width", f(FigureStyle.lineWidth)),
                ]
                if dashed { attributes.append(("stroke-dasharray", FigureStyle.lineDash)) }
                writer.element("path", attributes)
                if markers {
                    writer.element("circle", [("cx", f((x0 + x1) / 2)), ("cy", f(midY)), ("r", f(FigureStyle.markerRadius)), ("fill", color)])
                }
            case let .band(opacity):
                let shown = min(max(opacity.isFinite ? opacity : 0.25, 0), 1)
                writer.element("rect", [
                    ("x", f(x0)), ("y", f(midY - 5)), ("width", f(swatchWidth)), ("height", "10"), ("fill", color),
                    ("fill-opacity", f(shown)),
                ])
            case .errorBars:
                writer.element("path", [
                    ("d", "M\(f((x0 + x1) / 2)),\(f(midY - 6)) L\(f((x0 + x1) / 2)),\(f(midY + 6))"), ("stroke", color),
                    ("stroke-width", "1.3"),
                ])
                writer.element("circle", [("cx", f((x0 + x1) / 2)), ("cy", f(midY)), ("r", f(FigureStyle.markerRadius)), ("fill", color)])
            case .bar:
                writer.element("rect", [("x", f(x0 + 4)), ("y", f(midY - 5)), ("width", f(swatchWidth - 8)), ("height", "10"), ("fill", color)])
            case .box:
                writer.element("rect", [
                    ("x", f(x0 + 4)), ("y", f(midY - 5)), ("width", f(swatchWidth - 8)), ("height", "10"), ("fill", color),
                    ("fill-opacity", "0.3"), ("stroke", color), ("stroke-width", "1.5"),
                ])
            case .reference:
                writer.element("path", [
                    ("d", "M\(f(x0)),\(f(midY)) L\(f(x1)),\(f(midY))"), ("stroke", color), ("stroke-width", "1.2"),
                    ("stroke-dasharray", FigureStyle.referenceDash),
                ])
            }
            writer.element(
                "text",
                [
                    ("class", "legend-label"), ("x", f(x1 + 6)), ("y", f(midY + 0.35 * FigureStyle.legendFontSize)),
                    ("font-size", f(FigureStyle.legendFontSize)), ("fill", FigureStyle.textColor),
                ], text: entry.label)
        }
        writer.close("g")
    }
}
