/// One axis of a panel: label, scale, an optional fixed range, and optional category names.
///
/// Without a `range` the axis spans the data, widened to the nearest 1-2-5 ticks. A range that
/// cannot be used (non-finite, empty, or not positive on a logarithmic axis) is ignored. With
/// `categories` the axis is categorical: category `i` sits at position `i` (box plots use this);
/// only a panel's x axis can be categorical, categories on a y axis are ignored.
///
/// ```swift
/// let recallAxis = FigureAxis(label: "Recall", range: 0...1)
/// let fluxAxis = FigureAxis(label: "Mean flux (Mx)", scale: .logarithmic)
/// let classes = FigureAxis(categories: ["X", "M", "C"])
/// ```
public struct FigureAxis: Sendable, Equatable {
    /// The axis title (`nil` for none).
    public var label: String?
    /// Linear or logarithmic.
    public var scale: AxisScale
    /// A fixed shown range; `nil` to fit the data.
    public var range: ClosedRange<Double>?
    /// Category names for a categorical axis; empty for a numeric one.
    public var categories: [String]

    /// An axis; every argument is optional.
    public init(
        label: String? = nil, scale: AxisScale = .linear, range: ClosedRange<Double>? = nil,
        categories: [String] = []
    ) {
        self.label = label
        self.scale = scale
        self.range = range
        self.categories = categories
    }

    /// The fixed range if it can be used on this scale, else `nil`.
    var usableRange: ClosedRange<Double>? {
        guard let range, range.lowerBound.isFinite, range.upperBound.isFinite,
            range.upperBound > range.lowerBound
        else { return nil }
        if scale == .logarithmic, range.lowerBound <= 0 { return nil }
        return range
    }
}
