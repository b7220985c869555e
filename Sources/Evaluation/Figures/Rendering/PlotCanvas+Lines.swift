import Foundation

extension PlotCanvas {
    /// A polyline through the drawable points, broken where a point is missing; markers on
    /// every point when asked, and a dot on any point that has no drawable neighbour.
    mutating func drawLine(
        x xs: [Double], y ys: [Double], color: FigureColor, dashed: Bool, markers: Bool, cssClass: String = "line"
    ) {
        let points = zip(xs, ys).map { pixel($0, $1) }
        let runs = Self.runs(points)
        let data = Self.pathData(runs)
        if !data.isEmpty {
            var attributes: [(String, String)] = [
                ("class", cssClass), ("d", data), ("fill", "none"), ("stroke", color.hex),
                ("stroke-width", SVGNumberFormat.coordinate(FigureStyle.lineWidth)),
                ("stroke-linejoin", "round"), ("stroke-linecap", "round"),
            ]
            if dashed { attributes.append(("stroke-dasharray", FigureStyle.lineDash)) }
            writer.element("path", attributes)
        }
        for run in runs {
            for (from, to) in zip(run, run.dropFirst()) { occupySegment(from, to) }
            if run.count == 1 || markers {
                for point in run { dot(point, color: color) }
            }
        }
    }

    /// A filled area between `lower` and `upper`, one closed path per run of drawable points.
    mutating func drawBand(_ band: BandSeries, color: FigureColor) {
        let pairs: [((x: Double, y: Double), (x: Double, y: Double))?] = band.x.indices.map { index in
            guard let low = pixel(band.x[index], band.lower[index]),
                let high = pixel(band.x[index], band.upper[index])
            else { return nil }
            return (low, high)
        }
        var pieces: [String] = []
        var current: [((x: Double, y: Double), (x: Double, y: Double))] = []
        func flush() {
            defer { current = [] }
            guard current.count >= 2 else { return }
            let outline = current.map(\.1) + current.reversed().map(\.0)
            pieces.append(Self.pathData([outline]) + " Z")
        }
        for pair in pairs {
            if let pair {
                current.append(pair)
                occupy(pair.0)
                occupy(pair.1)
            } else {
                flush()
            }
        }
        flush()
        guard !pieces.isEmpty else { return }
        let opacity = min(max(band.opacity.isFinite ? band.opacity : 0.25, 0), 1)
        writer.element("path", [
            ("class", "band"), ("d", pieces.joined(separator: " ")), ("fill", color.hex),
            ("fill-opacity", SVGNumberFormat.coordinate(opacity)), ("stroke", "none"),
        ])
    }

    /// Points with vertical error bars and caps, optionally joined by a line.
    mutating func drawErrorBars(_ series: ErrorBarSeries, color: FigureColor) {
        if series.connected {
            drawLine(x: series.x, y: series.y, color: color, dashed: false, markers: false, cssClass: "line")
        }
        var barData: [String] = []
        var centers: [(x: Double, y: Double)] = []
        let bottom = layout.plotArea.maxY + FigureStyle.clipOverhang
        for index in series.x.indices {
            guard let center = pixel(series.x[index], series.y[index]) else { continue }
            centers.append(center)
            let lower = series.lower[index], upper = series.upper[index]
            // On a logarithmic axis a bar reaching zero or below runs off the bottom.
            let lowPixel = layout.y.pixel(lower) ?? (lower.isFinite ? bottom : nil)
            guard let lowPixel, let highPixel = layout.y.pixel(upper) else { continue }
            let x = center.x, cap = FigureStyle.errorCapHalfWidth
            func f(_ value: Double) -> String { SVGNumberFormat.coordinate(value) }
            barData.append(
                "M\(f(x)),\(f(lowPixel)) L\(f(x)),\(f(highPixel)) M\(f(x - cap)),\(f(lowPixel)) L\(f(x + cap)),\(f(lowPixel)) "
                    + "M\(f(x - cap)),\(f(highPixel)) L\(f(x + cap)),\(f(highPixel))")
            occupySegment((x, lowPixel), (x, highPixel))
        }
        if !barData.isEmpty {
            writer.element("path", [
                ("class", "error-bar"), ("d", barData.joined(separator: " ")), ("fill", "none"),
                ("stroke", color.hex), ("stroke-width", "1.3"),
            ])
        }
        for center in centers { dot(center, color: color) }
    }

    /// A dashed grey guide line across the plot area.
    mutating func drawReference(_ line: ReferenceLine) {
        let area = layout.plotArea
        var points: [(x: Double, y: Double)] = []
        switch line.kind {
        case .diagonal:
            let low = max(layout.x.domain.lowerBound, layout.y.domain.lowerBound)
            let high = min(layout.x.domain.upperBound, layout.y.domain.upperBound)
            guard low < high else { return }
            let samples = layout.x.scale == layout.y.scale ? 1 : 64
            for step in 0...samples {
                let fraction = Double(step) / Double(samples)
                let value = layout.x.scale == .logarithmic || layout.y.scale == .logarithmic
                    ? low * pow(high / low, fraction) : low + fraction * (high - low)
                if let point = pixel(value, value) { points.append(point) }
            }
        case let .horizontal(y):
            guard let py = layout.y.pixel(y), py >= area.y - 0.5, py <= area.maxY + 0.5 else { return }
            points = [(area.x, py), (area.maxX, py)]
        case let .vertical(x):
            guard !layout.isCategoricalX, let px = layout.x.pixel(x), px >= area.x - 0.5, px <= area.maxX + 0.5
            else { return }
            points = [(px, area.maxY), (px, area.y)]
        }
        guard points.count >= 2 else { return }
        writer.element("path", [
            ("class", "reference"), ("d", Self.pathData([points])), ("fill", "none"),
            ("stroke", FigureColor.gray.hex), ("stroke-width", "1.2"), ("stroke-dasharray", FigureStyle.referenceDash),
        ])
        for (from, to) in zip(points, points.dropFirst()) { occupySegment(from, to) }
    }
}
