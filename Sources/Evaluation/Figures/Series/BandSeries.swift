/// A shaded area between a lower and an upper curve, such as a 1σ band around a mean.
///
/// Positions where `x`, `lower` or `upper` is not finite split the band into separate pieces.
///
/// ```swift
/// let band = try BandSeries(label: "±1σ", x: [0, 1, 2], lower: [0.4, 0.5, 0.6],
///                           upper: [0.6, 0.7, 0.8], color: .blue)
/// ```
public struct BandSeries: Sendable, Equatable {
    /// The legend entry (`nil` or empty for none).
    public var label: String?
    /// Horizontal positions.
    public let x: [Double]
    /// The lower edge at each `x`.
    public let lower: [Double]
    /// The upper edge at each `x`.
    public let upper: [Double]
    /// The colour; `nil` takes the next palette colour.
    public var color: FigureColor?
    /// Fill opacity in [0, 1] (values outside are clamped).
    public var opacity: Double

    /// A band series.
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if the arrays differ
    ///   in length.
    public init(
        label: String? = nil, x: [Double], lower: [Double], upper: [Double], color: FigureColor? = nil,
        opacity: Double = 0.25
    ) throws {
        try checkSameLength(
            seriesName("band", label), reference: ("x", x.count), [("lower", lower.count), ("upper", upper.count)])
        self.label = label
        self.x = x
        self.lower = lower
        self.upper = upper
        self.color = color
        self.opacity = opacity
    }
}
