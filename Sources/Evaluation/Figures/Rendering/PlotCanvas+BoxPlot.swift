import Foundation

extension PlotCanvas {
    /// One box per group at its category: box Q1–Q3, median line, whiskers with caps, outlier
    /// dots and a star at the mean. Box series `slot` of `slots` shares each category slot.
    mutating func drawBoxPlot(_ boxes: BoxPlotSeries, color: FigureColor, slot: Int, slots: Int) {
        let share = 0.8 / Double(max(slots, 1))
        for (index, statistics) in boxes.statistics.enumerated() {
            guard let statistics else { continue }
            let center = Double(index) - 0.4 + share * (Double(slot) + 0.5)
            guard let cx = layout.x.pixel(center), let left = layout.x.pixel(center - 0.3 * share),
                let right = layout.x.pixel(center + 0.3 * share)
            else { continue }
            func f(_ value: Double) -> String { SVGNumberFormat.coordinate(value) }
            let y = layout.y
            let cap = (right - left) / 4

            // Whiskers from the box edges out to the whisker ends, with caps.
            var whiskers: [String] = []
            for (edge, end) in [(statistics.firstQuartile, statistics.lowerWhisker), (statistics.thirdQuartile, statistics.upperWhisker)] {
                guard let from = y.pixel(edge), let to = y.pixel(end) else { continue }
                whiskers.append("M\(f(cx)),\(f(from)) L\(f(cx)),\(f(to)) M\(f(cx - cap)),\(f(to)) L\(f(cx + cap)),\(f(to))")
                occupySegment((cx, from), (cx, to))
            }
            if !whiskers.isEmpty {
                writer.element("path", [
                    ("class", "whisker"), ("d", whiskers.joined(separator: " ")), ("fill", "none"),
                    ("stroke", color.hex), ("stroke-width", "1.3"),
                ])
            }

            if let q1 = y.pixel(statistics.firstQuartile), let q3 = y.pixel(statistics.thirdQuartile) {
                let top = min(q1, q3), height = abs(q1 - q3)
                writer.element("rect", [
                    ("class", "box"), ("x", f(left)), ("y", f(top)), ("width", f(right - left)), ("height", f(height)),
                    ("fill", color.hex), ("fill-opacity", "0.3"), ("stroke", color.hex), ("stroke-width", "1.5"),
                ])
                for corner in [(left, top), (right, top), (left, top + height), (right, top + height)] { occupy(corner) }
                occupySegment((cx, top), (cx, top + height))
            }
            if let median = y.pixel(statistics.median) {
                writer.element("path", [
                    ("class", "median"), ("d", "M\(f(left)),\(f(median)) L\(f(right)),\(f(median))"),
                    ("stroke", FigureStyle.textColor), ("stroke-width", "2"),
                ])
            }
            for outlier in statistics.outliers {
                guard let py = y.pixel(outlier) else { continue }
                writer.element("circle", [
                    ("class", "outlier"), ("cx", f(cx)), ("cy", f(py)), ("r", "3"), ("fill", "none"),
                    ("stroke", color.hex), ("stroke-width", "1.2"),
                ])
                occupy((cx, py))
            }
            if let mean = y.pixel(statistics.mean) {
                writer.element("path", [
                    ("class", "mean"), ("d", Self.starPath(center: (cx, mean), outerRadius: 6)),
                    ("fill", color.hex), ("stroke", FigureStyle.textColor), ("stroke-width", "0.7"),
                ])
                occupy((cx, mean))
            }
        }
    }

    /// A closed five-pointed star, first point straight up. Its ten vertices average to the
    /// centre.
    static func starPath(center: (x: Double, y: Double), outerRadius: Double) -> String {
        let innerRadius = outerRadius * 0.42
        let vertices: [(x: Double, y: Double)] = (0..<10).map { index in
            let radius = index.isMultiple(of: 2) ? outerRadius : innerRadius
            let angle = -Double.pi / 2 + Double(index) * Double.pi / 5
            return (center.x + radius * cos(angle), center.y + radius * sin(angle))
        }
        return pathData([vertices]) + " Z"
    }
}
