extension PlotCanvas {
    /// Bars from the baseline (zero, or the bottom of a logarithmic axis) to each height; bar
    /// series `slot` of `slots` takes its share of each bin, side by side, leaving a 10% gap.
    mutating func drawBars(_ bars: BarSeries, color: FigureColor, slot: Int, slots: Int) {
        let groupWidth = 0.9 * bars.width
        let barWidth = groupWidth / Double(max(slots, 1))
        let baseline: Double
        if layout.y.scale == .logarithmic {
            baseline = layout.plotArea.maxY + FigureStyle.clipOverhang
        } else {
            let zero = min(max(0, layout.y.domain.lowerBound), layout.y.domain.upperBound)
            baseline = layout.y.pixel(zero) ?? layout.plotArea.maxY
        }
        for (center, height) in zip(bars.centers, bars.heights) {
            let left = center - groupWidth / 2 + Double(slot) * barWidth
            guard let x0 = layout.x.pixel(left), let x1 = layout.x.pixel(left + barWidth),
                let top = layout.y.pixel(height)
            else { continue }
            let rect = PlotRect(x: min(x0, x1), y: min(top, baseline), width: abs(x1 - x0), height: abs(baseline - top))
            writer.element("rect", [
                ("class", "bar"), ("x", SVGNumberFormat.coordinate(rect.x)), ("y", SVGNumberFormat.coordinate(rect.y)),
                ("width", SVGNumberFormat.coordinate(rect.width)), ("height", SVGNumberFormat.coordinate(rect.height)),
                ("fill", color.hex), ("stroke", FigureStyle.background), ("stroke-width", "0.6"),
            ])
            occupySegment((rect.x, top), (rect.maxX, top))
            occupySegment((rect.midX, top), (rect.midX, baseline))
        }
    }
}
