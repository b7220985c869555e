import Foundation

/// Where everything of one panel goes: the plot area inside its grid cell, the axes' domains,
/// ticks and pixel mappings.
struct PanelLayout {
    let cell: PlotRect
    let plotArea: PlotRect
    let xTicks: AxisTicks
    let yTicks: AxisTicks
    let x: AxisMapping
    let y: AxisMapping
    /// Whether any series has something finite to draw (else the note is shown).
    let hasData: Bool
    /// Whether the x axis shows categories (box plots or named categories).
    let isCategoricalX: Bool
    /// Whether the category labels are turned to fit.
    let rotatesXLabels: Bool

    init(panel: FigurePanel, cell: PlotRect) {
        self.cell = cell
        let categories = Self.categories(of: panel)
        isCategoricalX = categories != nil
        let xScale: AxisScale = isCategoricalX ? .linear : panel.xAxis.scale
        let yScale = panel.yAxis.scale
        func usable(_ scale: AxisScale) -> (Double) -> Bool {
            { $0.isFinite && (scale == .linear || $0 > 0) }
        }
        let extent = DataExtent(
            panel: panel, categoricalX: isCategoricalX, xUsable: usable(xScale), yUsable: usable(yScale),
            yIncludesZeroForBars: yScale == .linear)
        hasData = extent.hasData

        let top = cell.y + (panel.title == nil ? 12 : 28)
        let xLabelSpace = panel.xAxis.label == nil ? 0 : 20.0
        let plainBottom = FigureStyle.tickLength + 4 + FigureStyle.tickFontSize + 6 + xLabelSpace + 6
        let estimatedHeight = max(20, cell.maxY - plainBottom - top)

        let yTicks = Self.ticks(
            axis: panel.yAxis, low: extent.yLow, high: extent.yHigh,
            maxIntervals: min(AxisTicks.maxIntervals, max(2, Int(estimatedHeight / 28))))
        self.yTicks = yTicks
        let widestYLabel = yTicks.ticks.map { TextMetrics.width($0.label, fontSize: FigureStyle.tickFontSize) }.max() ?? 0
        let left = cell.x + 10 + (panel.yAxis.label == nil ? 0 : 18) + widestYLabel + FigureStyle.tickLength + 4
        let plotWidth = max(20, cell.maxX - 16 - left)

        let xTicks: AxisTicks
        if let categories {
            xTicks = .categorical(categories)
        } else {
            xTicks = Self.ticks(
                axis: panel.xAxis, low: extent.xLow, high: extent.xHigh,
                maxIntervals: min(AxisTicks.maxIntervals, max(2, Int(plotWidth / 55))))
        }
        self.xTicks = xTicks

        var bottomSpace = plainBottom
        var rotates = false
        if let categories, !categories.isEmpty {
            let slot = plotWidth / Double(categories.count)
            let widest = categories.map { TextMetrics.width($0, fontSize: FigureStyle.tickFontSize) }.max() ?? 0
            if widest > slot * 0.95 {
                rotates = true
                let angle = FigureStyle.rotatedLabelAngle * Double.pi / 180
                let extra = min(widest * sin(angle), 0.35 * cell.height)
                bottomSpace += max(0, extra - FigureStyle.tickFontSize * 0.3)
            }
        }
        rotatesXLabels = rotates
        let plotHeight = max(20, cell.maxY - bottomSpace - top)
        plotArea = PlotRect(x: left, y: top, width: plotWidth, height: plotHeight)
        x = AxisMapping(domain: xTicks.domain, scale: xScale, start: left, end: left + plotWidth)
        y = AxisMapping(domain: yTicks.domain, scale: yScale, start: top + plotHeight, end: top)
    }

    /// The category names of a categorical x axis, or `nil` for a numeric one: the axis's own
    /// names (padded with numbers to the largest box series), or `1, 2, ...` for box plots.
    static func categories(of panel: FigurePanel) -> [String]? {
        let boxCount = panel.series.reduce(0) { count, series in
            if case let .boxPlot(boxes) = series { return max(count, boxes.groups.count) }
            return count
        }
        let named = panel.xAxis.categories
        guard !named.isEmpty || boxCount > 0 else { return nil }
        if named.count >= boxCount { return named }
        return named + (named.count..<boxCount).map { String($0 + 1) }
    }

    /// Ticks for an axis: its fixed range if usable, else the data extent, else a default
    /// (0...1, or 1...10 when logarithmic).
    static func ticks(axis: FigureAxis, low: Double?, high: Double?, maxIntervals: Int) -> AxisTicks {
        let logarithmic = axis.scale == .logarithmic
        if let range = axis.usableRange {
            return logarithmic
                ? .logarithmic(low: range.lowerBound, high: range.upperBound, fixed: true, maxIntervals: maxIntervals)
                : .linear(low: range.lowerBound, high: range.upperBound, fixed: true, maxIntervals: maxIntervals)
        }
        guard let low, let high else {
            return logarithmic
                ? .logarithmic(low: 1, high: 10, fixed: true, maxIntervals: maxIntervals)
                : .linear(low: 0, high: 1, fixed: true, maxIntervals: maxIntervals)
        }
        return logarithmic
            ? .logarithmic(low: low, high: high, fixed: false, maxIntervals: maxIntervals)
            : .linear(low: low, high: high, fixed: false, maxIntervals: maxIntervals)
    }
}
