extension Figure {
    /// A reliability diagram: observed flare frequency against mean predicted probability per
    /// bin with the diagonal of perfect calibration (top), and the number of samples per bin
    /// (bottom).
    ///
    /// The bins are taken to split 0...1 into `counts.count` equal parts; bin `i`'s count is
    /// drawn over it. Bins with a non-finite mean or frequency (empty bins) are left out of the
    /// curve, which joins its neighbours.
    ///
    /// ```swift
    /// let figure = try Figure.reliabilityDiagram(
    ///     meanPredicted: [0.05, 0.15, .nan, 0.38], observedFrequency: [0.02, 0.2, .nan, 0.45],
    ///     counts: [510, 122, 0, 34])
    /// ```
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if the arrays differ
    ///   in length.
    public static func reliabilityDiagram(
        meanPredicted: [Double], observedFrequency: [Double], counts: [Int], label: String = "CNN",
        title: String? = "Reliability diagram"
    ) throws -> Figure {
        try checkSameLength(
            "reliability diagram", reference: ("counts", counts.count),
            [("meanPredicted", meanPredicted.count), ("observedFrequency", observedFrequency.count)])
        let kept = zip(meanPredicted, observedFrequency).filter { $0.0.isFinite && $0.1.isFinite }
        let curve = try LineSeries(label: label, x: kept.map(\.0), y: kept.map(\.1), color: .blue, showsMarkers: true)
        let probability = FigureAxis(label: "Mean predicted probability", range: 0...1)
        let reliability = FigurePanel(
            xAxis: probability, yAxis: FigureAxis(label: "Observed frequency", range: 0...1),
            series: [.line(curve), .reference(ReferenceLine(.diagonal, label: "perfectly calibrated"))], legend: .topLeft)
        let width = 1 / Double(max(counts.count, 1))
        let centers = counts.indices.map { (Double($0) + 0.5) * width }
        let histogram = FigurePanel(
            xAxis: probability, yAxis: FigureAxis(label: "Samples per bin"),
            series: [.bars(try BarSeries(centers: centers, heights: counts.map(Double.init), width: width / 0.9, color: .blue))],
            legend: .hidden)
        return Figure(width: 520, height: 680, title: title, panels: [reliability, histogram], columns: 1)
    }
}
