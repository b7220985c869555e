/// One plot in a figure: axes, series, a legend and an optional title.
///
/// A panel with nothing finite to draw still gets its axes and a note (``emptyNote``) in the
/// middle instead of data.
///
/// ```swift
/// var panel = FigurePanel(
///     title: "Validation",
///     xAxis: FigureAxis(label: "Time to flare (h)"),
///     yAxis: FigureAxis(label: "Recall", range: 0...1))
/// panel.series.append(.line(try LineSeries(label: "CNN", x: [-48, -24, 0], y: [0.6, 0.7, 0.8])))
/// panel.series.append(.reference(ReferenceLine(.horizontal(y: 0.5))))
/// ```
public struct FigurePanel: Sendable, Equatable {
    /// The title above the plot (`nil` for none).
    public var title: String?
    /// The horizontal axis.
    public var xAxis: FigureAxis
    /// The vertical axis.
    public var yAxis: FigureAxis
    /// What is drawn, in order within each layer (see ``FigureSeries``).
    public var series: [FigureSeries]
    /// Where the legend goes; only series with a label get an entry.
    public var legend: LegendPlacement
    /// The note shown when there is nothing finite to draw.
    public var emptyNote: String

    /// A panel; every argument is optional.
    public init(
        title: String? = nil, xAxis: FigureAxis = FigureAxis(), yAxis: FigureAxis = FigureAxis(),
        series: [FigureSeries] = [], legend: LegendPlacement = .automatic, emptyNote: String = "no finite data"
    ) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.legend = legend
        self.emptyNote = emptyNote
    }
}
