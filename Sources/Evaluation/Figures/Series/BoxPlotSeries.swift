/// Box plots from raw values, one box per group; group `i` sits at category `i` of the x axis.
///
/// Each box spans the first to third quartile with a line at the median and a star at the mean;
/// whiskers reach the most extreme values within 1.5 IQR of the box and values beyond them are
/// drawn as dots (Guastavino et al. 2022, Figs. 4-5). See ``BoxPlotStatistics``. Several box
/// series in one panel are drawn side by side within each category.
///
/// ```swift
/// let tss = BoxPlotSeries(label: "C1+", groups: [[0.61, 0.64, 0.58], [0.70, 0.73, 0.69]])
/// ```
public struct BoxPlotSeries: Sendable, Equatable {
    /// The legend entry (`nil` or empty for none).
    public var label: String?
    /// The raw values of each box (non-finite values are left out).
    public var groups: [[Double]]
    /// The colour; `nil` takes the next palette colour.
    public var color: FigureColor?

    /// A box plot series.
    public init(label: String? = nil, groups: [[Double]], color: FigureColor? = nil) {
        self.label = label
        self.groups = groups
        self.color = color
    }

    /// The statistics of each group; `nil` for a group with no finite value.
    public var statistics: [BoxPlotStatistics?] {
        groups.map { BoxPlotStatistics(values: $0) }
    }
}
