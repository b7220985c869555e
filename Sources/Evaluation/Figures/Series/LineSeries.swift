/// A curve through `(x[i], y[i])`, optionally with a marker at each point.
///
/// Non-finite points (and, on a logarithmic axis, points <= 0) are skipped: the line breaks
/// there. A finite point with no finite neighbour is still shown as a dot.
///
/// ```swift
/// let recall = try LineSeries(label: "CNN", x: [-72, -48, -24, 0], y: [0.52, 0.61, 0.74, 0.8],
///                             showsMarkers: true)
/// ```
public struct LineSeries: Sendable, Equatable {
    /// The legend entry (`nil` or empty for none).
    public var label: String?
    /// Horizontal positions.
    public let x: [Double]
    /// Vertical positions, one per `x`.
    public let y: [Double]
    /// The colour; `nil` takes the next palette colour.
    public var color: FigureColor?
    /// Draws a dot at each point.
    public var showsMarkers: Bool
    /// Draws the line dashed.
    public var isDashed: Bool

    /// A line series.
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if `x` and `y` differ
    ///   in length.
    public init(
        label: String? = nil, x: [Double], y: [Double], color: FigureColor? = nil,
        showsMarkers: Bool = false, isDashed: Bool = false
    ) throws {
        try checkSameLength(seriesName("line", label), reference: ("x", x.count), [("y", y.count)])
        self.label = label
        self.x = x
        self.y = y
        self.color = color
        self.showsMarkers = showsMarkers
        self.isDashed = isDashed
    }
}
