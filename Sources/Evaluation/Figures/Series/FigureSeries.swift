/// One thing drawn in a panel.
///
/// Series are drawn in layers whatever their order in the panel: bands, then bars, reference
/// lines, boxes, lines, and error bars on top; within a layer, in the panel's order.
///
/// ```swift
/// let series: [FigureSeries] = [
///     .band(try BandSeries(x: t, lower: low, upper: high, color: .blue)),
///     .line(try LineSeries(label: "CNN", x: t, y: recall, color: .blue)),
///     .reference(ReferenceLine(.horizontal(y: 0.5))),
/// ]
/// ```
public enum FigureSeries: Sendable, Equatable {
    /// A curve, optionally with markers.
    case line(LineSeries)
    /// A shaded area between two curves.
    case band(BandSeries)
    /// Points with vertical error bars.
    case errorBars(ErrorBarSeries)
    /// Histogram bars (grouped with the panel's other bar series).
    case bars(BarSeries)
    /// Box plots from raw values, one per category.
    case boxPlot(BoxPlotSeries)
    /// A dashed grey guide line.
    case reference(ReferenceLine)

    /// The legend entry, if any.
    public var label: String? {
        switch self {
        case let .line(series): series.label
        case let .band(series): series.label
        case let .errorBars(series): series.label
        case let .bars(series): series.label
        case let .boxPlot(series): series.label
        case let .reference(line): line.label
        }
    }

    /// The colour the series asked for (`nil` for the palette; reference lines are always grey).
    var requestedColor: FigureColor? {
        switch self {
        case let .line(series): series.color
        case let .band(series): series.color
        case let .errorBars(series): series.color
        case let .bars(series): series.color
        case let .boxPlot(series): series.color
        case .reference: .gray
        }
    }
}
