extension Figure {
    /// The two panels of Bhattacharjee et al. (2020), Fig. 6: left, the number of flaring and
    /// nonflaring magnetograms per CNN-output bin (grouped bars); right, their mean total
    /// unsigned flux per bin with error bars (pass the half-widths you want drawn, e.g. 5σ).
    /// The flux axis says what is binned (`fluxAxisLabel`; the paper's line-of-sight flux by default).
    ///
    /// Flaring is vermillion, nonflaring blue, in both panels; the two sets of points are
    /// nudged apart by an eighth of a bin so their bars do not overlap. A bin with no samples can
    /// carry NaN flux: it is skipped.
    ///
    /// ```swift
    /// let centers = (0..<10).map { 0.05 + 0.1 * Double($0) }
    /// let figure = try Figure.histogramWithFlux(
    ///     binCenters: centers, flaringCounts: flaringCounts, nonflaringCounts: nonflaringCounts,
    ///     flaringMeanFlux: flaringFlux, flaringFluxError: flaringError,
    ///     nonflaringMeanFlux: nonflaringFlux, nonflaringFluxError: nonflaringError)
    /// try figure.write(to: URL(fileURLWithPath: "fig6.svg"))
    /// ```
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if an array does not
    ///   have one value per bin, ``EvaluationError/invalidArgument(name:value:reason:)`` for a
    ///   non-positive bin width or a negative error.
    public static func histogramWithFlux(
        binCenters: [Double], flaringCounts: [Int], nonflaringCounts: [Int], flaringMeanFlux: [Double],
        flaringFluxError: [Double], nonflaringMeanFlux: [Double], nonflaringFluxError: [Double],
        binWidth: Double = 0.1, logarithmicFlux: Bool = false, title: String? = nil,
        fluxAxisLabel: String = "Mean total unsigned line-of-sight flux (Mx)"
    ) throws -> Figure {
        try checkSameLength(
            "histogram with flux", reference: ("binCenters", binCenters.count),
            [
                ("flaringCounts", flaringCounts.count), ("nonflaringCounts", nonflaringCounts.count),
                ("flaringMeanFlux", flaringMeanFlux.count), ("flaringFluxError", flaringFluxError.count),
                ("nonflaringMeanFlux", nonflaringMeanFlux.count), ("nonflaringFluxError", nonflaringFluxError.count),
            ])
        let outputAxis = FigureAxis(label: "CNN output y")
        let counts = FigurePanel(
            title: "Samples per output bin", xAxis: outputAxis, yAxis: FigureAxis(label: "Number of magnetograms"),
            series: [
                .bars(try BarSeries(label: "flaring", centers: binCenters, heights: flaringCounts.map(Double.init), width: binWidth, color: .vermillion)),
                .bars(try BarSeries(label: "nonflaring", centers: binCenters, heights: nonflaringCounts.map(Double.init), width: binWidth, color: .blue)),
            ])
        let nudge = binWidth / 8
        let flux = FigurePanel(
            title: "Mean flux per output bin", xAxis: outputAxis,
            yAxis: FigureAxis(label: fluxAxisLabel, scale: logarithmicFlux ? .logarithmic : .linear),
            series: [
                .errorBars(try ErrorBarSeries(label: "flaring", x: binCenters.map { $0 + nudge }, y: flaringMeanFlux, error: flaringFluxError, color: .vermillion)),
                .errorBars(try ErrorBarSeries(label: "nonflaring", x: binCenters.map { $0 - nudge }, y: nonflaringMeanFlux, error: nonflaringFluxError, color: .blue)),
            ])
        return Figure(width: 960, height: 420, title: title, panels: [counts, flux])
    }
}
