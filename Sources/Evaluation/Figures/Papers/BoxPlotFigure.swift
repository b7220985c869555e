extension FigurePanel {
    /// Box plots of raw values per category (Guastavino et al. 2022, Figs. 4-5): box from Q1
    /// to Q3, median line, star at the mean, whiskers to the data but no more than 1.5 IQR from
    /// the box, outliers as dots. `values[i]` holds the values (for example one per test set)
    /// of `categories[i]`.
    ///
    /// ```swift
    /// let tpRates = try FigurePanel.boxPlot(
    ///     categories: ["X", "M", "C"],
    ///     values: [[100, 100, 100], [92, 88, 95, 90], [61, 70, 58, 66]],
    ///     title: "C1+ prediction", yLabel: "TP rate (%)", yRange: 0...100)
    /// ```
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if `values` does not
    ///   have one array per category.
    public static func boxPlot(
        categories: [String], values: [[Double]], label: String? = nil, title: String? = nil,
        yLabel: String? = nil, yRange: ClosedRange<Double>? = nil
    ) throws -> FigurePanel {
        try checkSameLength("box plot", reference: ("categories", categories.count), [("values", values.count)])
        return FigurePanel(
            title: title, xAxis: FigureAxis(categories: categories), yAxis: FigureAxis(label: yLabel, range: yRange),
            series: [.boxPlot(BoxPlotSeries(label: label, groups: values))], legend: label == nil ? .hidden : .automatic)
    }
}

extension Figure {
    /// A one-panel figure of ``FigurePanel/boxPlot(categories:values:label:title:yLabel:yRange:)``.
    ///
    /// For a grid like Fig. 4, build the panels and lay them out in two columns:
    /// ```swift
    /// let figure = Figure(width: 900, height: 640, panels: [c1TP, m1TP, c1TN, m1TN], columns: 2)
    /// ```
    /// One panel alone:
    /// ```swift
    /// let tss = try Figure.boxPlot(
    ///     categories: ["all", "no NO3", "no NO3, NO4"], values: [[0.5, 0.6], [0.6, 0.7], [0.7, 0.75]],
    ///     title: "TSS, C1+", yLabel: "TSS")
    /// ```
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if `values` does not
    ///   have one array per category.
    public static func boxPlot(
        categories: [String], values: [[Double]], title: String? = nil, yLabel: String? = nil,
        yRange: ClosedRange<Double>? = nil
    ) throws -> Figure {
        let panel = try FigurePanel.boxPlot(categories: categories, values: values, yLabel: yLabel, yRange: yRange)
        return Figure(width: 640, height: 420, title: title, panels: [panel])
    }
}
