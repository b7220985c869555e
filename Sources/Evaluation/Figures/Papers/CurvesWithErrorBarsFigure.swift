extension FigurePanel {
    /// Several curves over the same `x` with error bars, such as the CNN output against bipole
    /// radius for 1000, 2000 and 3000 G (Bhattacharjee et al. 2020, Figs. 9-11). Curve `k` is
    /// `means[k] ± errors[k]`, named `labels[k]` in the legend.
    ///
    /// ```swift
    /// let panel = try FigurePanel.curvesWithErrorBars(
    ///     x: [2, 4, 8, 12, 16], means: [[0.2, 0.4, 0.5, 0.7, 0.4], [0.3, 0.5, 0.7, 0.9, 0.6]],
    ///     errors: [[0.05, 0.05, 0.1, 0.1, 0.08], [0.04, 0.06, 0.1, 0.05, 0.07]],
    ///     labels: ["1000 G", "2000 G"], xLabel: "Bipole radius (Mm)", yLabel: "CNN output", yRange: 0...1)
    /// ```
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if `means`, `errors`
    ///   and `labels` differ in count or a curve does not have one value per `x`;
    ///   ``EvaluationError/invalidArgument(name:value:reason:)`` for a negative error.
    public static func curvesWithErrorBars(
        x: [Double], means: [[Double]], errors: [[Double]], labels: [String], xLabel: String? = nil,
        yLabel: String? = nil, title: String? = nil, yRange: ClosedRange<Double>? = nil
    ) throws -> FigurePanel {
        try checkSameLength(
            "curves with error bars", reference: ("means", means.count), [("errors", errors.count), ("labels", labels.count)])
        let series = try means.indices.map { index in
            FigureSeries.errorBars(
                try ErrorBarSeries(label: labels[index], x: x, y: means[index], error: errors[index], connected: true))
        }
        return FigurePanel(
            title: title, xAxis: FigureAxis(label: xLabel), yAxis: FigureAxis(label: yLabel, range: yRange), series: series)
    }
}

extension Figure {
    /// A one-panel figure of
    /// ``FigurePanel/curvesWithErrorBars(x:means:errors:labels:xLabel:yLabel:title:yRange:)``.
    ///
    /// For a grid like Fig. 9, build four panels and use `Figure(panels:columns: 2)`.
    /// ```swift
    /// let figure = try Figure.curvesWithErrorBars(
    ///     x: radii, means: [output1000, output2000], errors: [sd1000, sd2000],
    ///     labels: ["1000 G", "2000 G"], xLabel: "Bipole radius (Mm)", yLabel: "CNN output")
    /// ```
    /// - Throws: as the panel builder does.
    public static func curvesWithErrorBars(
        x: [Double], means: [[Double]], errors: [[Double]], labels: [String], xLabel: String? = nil,
        yLabel: String? = nil, title: String? = nil, yRange: ClosedRange<Double>? = nil
    ) throws -> Figure {
        let panel = try FigurePanel.curvesWithErrorBars(
            x: x, means: means, errors: errors, labels: labels, xLabel: xLabel, yLabel: yLabel, yRange: yRange)
        return Figure(width: 640, height: 420, title: title, panels: [panel])
    }
}
