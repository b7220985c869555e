/// Bars of `heights[i]` centred on `centers[i]`, each `width` wide: a histogram over bins.
///
/// Several bar series in one panel are drawn side by side within each bin (grouped), for
/// example flaring and nonflaring counts per CNN-output bin. Non-finite heights are skipped.
///
/// ```swift
/// let flaring = try BarSeries(label: "flaring", centers: [0.05, 0.15, 0.25],
///                             heights: [12, 30, 41], width: 0.1)
/// ```
public struct BarSeries: Sendable, Equatable {
    /// The legend entry (`nil` or empty for none).
    public var label: String?
    /// Bin centres.
    public let centers: [Double]
    /// Bar heights, one per centre.
    public let heights: [Double]
    /// The bin width in data units (the bars of a group share it).
    public let width: Double
    /// The colour; `nil` takes the next palette colour.
    public var color: FigureColor?

    /// A bar series.
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if `centers` and
    ///   `heights` differ in length, ``EvaluationError/invalidArgument(name:value:reason:)`` if
    ///   `width` is not a positive finite number.
    public init(
        label: String? = nil, centers: [Double], heights: [Double], width: Double, color: FigureColor? = nil
    ) throws {
        let name = seriesName("bars", label)
        try checkSameLength(name, reference: ("centers", centers.count), [("heights", heights.count)])
        guard width.isFinite, width > 0 else {
            throw EvaluationError.invalidArgument(name: "\(name) width", value: "\(width)", reason: "must be positive and finite")
        }
        self.label = label
        self.centers = centers
        self.heights = heights
        self.width = width
        self.color = color
    }
}
