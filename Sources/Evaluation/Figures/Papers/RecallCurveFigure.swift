extension FigurePanel {
    /// Instantaneous recall against time relative to the flare, with a shaded band
    /// (Bhattacharjee et al. 2020, Fig. 5 left): the mean curve over `band` from `lower` to
    /// `upper` (for example mean ± 1σ over cross-validation folds), a dashed line at
    /// `referenceRecall`, and a dashed line at the flare time when the times straddle zero.
    ///
    /// ```swift
    /// let panel = try FigurePanel.recallCurve(
    ///     times: [-72, -48, -24, 0, 24], mean: [0.5, 0.6, 0.75, 0.8, 0.7],
    ///     lower: [0.4, 0.5, 0.65, 0.72, 0.6], upper: [0.6, 0.7, 0.85, 0.88, 0.8])
    /// ```
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if the arrays differ
    ///   in length.
    public static func recallCurve(
        times: [Double], mean: [Double], lower: [Double], upper: [Double], label: String = "CNN",
        bandLabel: String = "\u{00B1}1\u{03C3}", referenceRecall: Double? = 0.5, title: String? = nil
    ) throws -> FigurePanel {
        try checkSameLength(
            "recall curve", reference: ("times", times.count),
            [("mean", mean.count), ("lower", lower.count), ("upper", upper.count)])
        let color = FigureColor.blue
        var series: [FigureSeries] = [
            .band(try BandSeries(label: bandLabel, x: times, lower: lower, upper: upper, color: color)),
            .line(try LineSeries(label: label, x: times, y: mean, color: color, showsMarkers: true)),
        ]
        if let referenceRecall, referenceRecall.isFinite {
            series.append(.reference(ReferenceLine(.horizontal(y: referenceRecall), label: "recall = \(decimalText(referenceRecall))")))
        }
        let finiteTimes = times.filter(\.isFinite)
        if let first = finiteTimes.min(), let last = finiteTimes.max(), first < 0, last > 0 {
            series.append(.reference(ReferenceLine(.vertical(x: 0))))
        }
        return FigurePanel(
            title: title, xAxis: FigureAxis(label: "Time relative to flare (h)"),
            yAxis: FigureAxis(label: "Instantaneous recall", range: 0...1), series: series)
    }
}

extension Figure {
    /// A one-panel figure of ``FigurePanel/recallCurve(times:mean:lower:upper:label:bandLabel:referenceRecall:title:)``.
    ///
    /// Add comparison curves (Fig. 5 right) by appending series to the panel:
    /// ```swift
    /// var figure = try Figure.recallCurve(times: t, mean: recall, lower: low, upper: high)
    /// figure.panels[0].series.append(.line(try LineSeries(label: "SVM", x: t, y: svmRecall, color: .black)))
    /// try figure.write(to: URL(fileURLWithPath: "recall.svg"))
    /// ```
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if the arrays differ
    ///   in length.
    public static func recallCurve(
        times: [Double], mean: [Double], lower: [Double], upper: [Double], label: String = "CNN",
        bandLabel: String = "\u{00B1}1\u{03C3}", referenceRecall: Double? = 0.5,
        title: String? = "Instantaneous recall"
    ) throws -> Figure {
        let panel = try FigurePanel.recallCurve(
            times: times, mean: mean, lower: lower, upper: upper, label: label, bandLabel: bandLabel,
            referenceRecall: referenceRecall)
        return Figure(width: 640, height: 420, title: title, panels: [panel])
    }
}
