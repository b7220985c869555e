import Foundation

/// Draws one panel into its grid cell: title, plot area, grid, series, frame, ticks, axis
/// labels, the empty-panel note and the legend.
enum PanelRenderer {
    /// The colour of each series: its own, grey for reference lines, else the next palette colour.
    static func colors(of panel: FigurePanel) -> [FigureColor] {
        var next = 0
        return panel.series.map { series in
            if let color = series.requestedColor { return color }
            defer { next += 1 }
            return FigureColor.palette[next % FigureColor.palette.count]
        }
    }

    /// The drawing layer of a series (lower layers first).
    static func layer(of series: FigureSeries) -> Int {
        switch series {
        case .band: 0
        case .bars: 1
        case .reference: 2
        case .boxPlot: 3
        case .line: 4
        case .errorBars: 5
        }
    }

    static func render(_ panel: FigurePanel, index: Int, cell: PlotRect, into writer: inout SVGWriter) {
        let layout = PanelLayout(panel: panel, cell: cell)
        let area = layout.plotArea
        let colors = colors(of: panel)
        func f(_ value: Double) -> String { SVGNumberFormat.coordinate(value) }
        let clipID = "flarekit-clip-\(index)"

        writer.open("g", [("class", "panel")])
        let clip = area.insetBy(-FigureStyle.clipOverhang)
        writer.open("defs")
        writer.open("clipPath", [("id", clipID)])
        writer.element("rect", [("x", f(clip.x)), ("y", f(clip.y)), ("width", f(clip.width)), ("height", f(clip.height))])
        writer.close("clipPath")
        writer.close("defs")

        if let title = panel.title {
            writer.element(
                "text",
                [
                    ("class", "panel-title"), ("x", f(area.midX)), ("y", f(cell.y + 18)), ("text-anchor", "middle"),
                    ("font-size", f(FigureStyle.panelTitleFontSize)), ("font-weight", "bold"), ("fill", FigureStyle.textColor),
                ], text: title)
        }
        writer.element("rect", [
            ("class", "plot-area"), ("x", f(area.x)), ("y", f(area.y)), ("width", f(area.width)), ("height", f(area.height)),
            ("fill", FigureStyle.background),
        ])
        drawGrid(layout, into: &writer)

        // Series, layer by layer.
        var canvas = PlotCanvas(layout: layout)
        let barCount = panel.series.filter { if case .bars = $0 { true } else { false } }.count
        let boxCount = panel.series.filter { if case .boxPlot = $0 { true } else { false } }.count
        var barSlot = 0, boxSlot = 0
        var slots: [Int] = []
        for series in panel.series {
            switch series {
            case .bars: slots.append(barSlot); barSlot += 1
            case .boxPlot: slots.append(boxSlot); boxSlot += 1
            default: slots.append(0)
            }
        }
        canvas.writer.open("g", [("class", "data"), ("clip-path", "url(#\(clipID))")])
        if layout.hasData {
            for layer in 0...5 {
                for (position, series) in panel.series.enumerated() where Self.layer(of: series) == layer {
                    let color = colors[position]
                    switch series {
                    case let .band(band): canvas.drawBand(band, color: color)
                    case let .bars(bars): canvas.drawBars(bars, color: color, slot: slots[position], slots: barCount)
                    case let .reference(line): canvas.drawReference(line)
                    case let .boxPlot(boxes): canvas.drawBoxPlot(boxes, color: color, slot: slots[position], slots: boxCount)
                    case let .line(line):
                        canvas.drawLine(x: line.x, y: line.y, color: color, dashed: line.isDashed, markers: line.showsMarkers)
                    case let .errorBars(bars): canvas.drawErrorBars(bars, color: color)
                    }
                }
            }
        }
        canvas.writer.close("g")
        for line in canvas.writer.text.split(separator: "\n", omittingEmptySubsequences: true) {
            writer.line(String(line))
        }

        writer.element("rect", [
            ("class", "frame"), ("x", f(area.x)), ("y", f(area.y)), ("width", f(area.width)), ("height", f(area.height)),
            ("fill", "none"), ("stroke", FigureStyle.frameColor), ("stroke-width", "1"),
        ])
        drawTicks(layout, into: &writer)
        drawAxisLabels(panel, layout, into: &writer)
        if !layout.hasData {
            writer.element(
                "text",
                [
                    ("class", "note"), ("x", f(area.midX)), ("y", f(area.midY)), ("text-anchor", "middle"),
                    ("font-size", f(FigureStyle.noteFontSize)), ("font-style", "italic"), ("fill", "#777777"),
                ], text: panel.emptyNote)
        }
        LegendRenderer.draw(
            LegendRenderer.entries(of: panel, colors: colors), placement: panel.legend, plotArea: area,
            occupied: canvas.occupied, into: &writer)
        writer.close("g")
    }

    private static func drawGrid(_ layout: PanelLayout, into writer: inout SVGWriter) {
        let area = layout.plotArea
        func f(_ value: Double) -> String { SVGNumberFormat.coordinate(value) }
        var data: [String] = []
        for tick in layout.yTicks.ticks {
            guard let py = layout.y.pixel(tick.value) else { continue }
            data.append("M\(f(area.x)),\(f(py)) L\(f(area.maxX)),\(f(py))")
        }
        if !layout.isCategoricalX {
            for tick in layout.xTicks.ticks {
                guard let px = layout.x.pixel(tick.value) else { continue }
                data.append("M\(f(px)),\(f(area.y)) L\(f(px)),\(f(area.maxY))")
            }
        }
        guard !data.isEmpty else { return }
        writer.element("path", [("class", "grid"), ("d", data.joined(separator: " ")), ("stroke", FigureStyle.gridColor), ("stroke-width", "1")])
    }

    private static func drawTicks(_ layout: PanelLayout, into writer: inout SVGWriter) {
        let area = layout.plotArea
        let length = FigureStyle.tickLength, size = FigureStyle.tickFontSize
        func f(_ value: Double) -> String { SVGNumberFormat.coordinate(value) }
        var marks: [String] = []
        var labels: [(runs: [SVGWriter.TextRun], attributes: [(String, String)])] = []
        for tick in layout.xTicks.ticks {
            guard let px = layout.x.pixel(tick.value) else { continue }
            marks.append("M\(f(px)),\(f(area.maxY)) L\(f(px)),\(f(area.maxY + length))")
            let y = area.maxY + length + 3 + 0.8 * size
            if layout.rotatesXLabels {
                labels.append((tick.label, [
                    ("class", "tick-label x"), ("x", f(px)), ("y", f(y)), ("text-anchor", "end"),
                    ("transform", "rotate(-\(f(FigureStyle.rotatedLabelAngle)) \(f(px)) \(f(y)))"),
                ]))
            } else {
                labels.append((tick.label, [("class", "tick-label x"), ("x", f(px)), ("y", f(y)), ("text-anchor", "middle")]))
            }
        }
        for tick in layout.yTicks.ticks {
            guard let py = layout.y.pixel(tick.value) else { continue }
            marks.append("M\(f(area.x - length)),\(f(py)) L\(f(area.x)),\(f(py))")
            labels.append((tick.label, [
                ("class", "tick-label y"), ("x", f(area.x - length - 3)), ("y", f(py + 0.35 * size)), ("text-anchor", "end"),
            ]))
        }
        if !marks.isEmpty {
            writer.element("path", [("class", "tick"), ("d", marks.joined(separator: " ")), ("stroke", FigureStyle.frameColor), ("stroke-width", "1")])
        }
        for label in labels {
            writer.text(label.runs, fontSize: size, label.attributes + [("font-size", f(size)), ("fill", FigureStyle.textColor)])
        }
    }

    private static func drawAxisLabels(_ panel: FigurePanel, _ layout: PanelLayout, into writer: inout SVGWriter) {
        let area = layout.plotArea, cell = layout.cell
        func f(_ value: Double) -> String { SVGNumberFormat.coordinate(value) }
        let size = f(FigureStyle.axisLabelFontSize)
        if let label = panel.xAxis.label {
            writer.element(
                "text",
                [
                    ("class", "axis-label x"), ("x", f(area.midX)), ("y", f(cell.maxY - 8)), ("text-anchor", "middle"),
                    ("font-size", size), ("fill", FigureStyle.textColor),
                ], text: label)
        }
        if let label = panel.yAxis.label {
            let x = cell.x + 16, y = area.midY
            writer.element(
                "text",
                [
                    ("class", "axis-label y"), ("x", f(x)), ("y", f(y)), ("text-anchor", "middle"),
                    ("transform", "rotate(-90 \(f(x)) \(f(y)))"), ("font-size", size), ("fill", FigureStyle.textColor),
                ], text: label)
        }
    }
}
