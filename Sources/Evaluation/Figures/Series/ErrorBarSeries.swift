/// Points `(x[i], y[i])` with vertical error bars from `lower[i]` to `upper[i]`, optionally
/// joined by a line (the CNN-output curves of Bhattacharjee et al. 2020, Figs. 9-11).
///
/// A point whose `y` is not finite is skipped; a bar whose bound is not finite is left out
/// while its point is kept.
///
/// ```swift
/// // mean ± standard deviation over the cross-validation folds
/// let output = try ErrorBarSeries(label: "2000 G", x: [2, 4, 8], y: [0.3, 0.5, 0.7],
///                                 error: [0.05, 0.1, 0.08], connected: true)
/// ```
public struct ErrorBarSeries: Sendable, Equatable {
    /// The legend entry (`nil` or empty for none).
    public var label: String?
    /// Horizontal positions.
    public let x: [Double]
    /// The central values (drawn as dots).
    public let y: [Double]
    /// The bottom of each error bar.
    public let lower: [Double]
    /// The top of each error bar.
    public let upper: [Double]
    /// The colour; `nil` takes the next palette colour.
    public var color: FigureColor?
    /// Joins the points with a line.
    public var connected: Bool

    /// Points with bars from `lower` to `upper`.
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if the arrays differ
    ///   in length.
    public init(
        label: String? = nil, x: [Double], y: [Double], lower: [Double], upper: [Double],
        color: FigureColor? = nil, connected: Bool = false
    ) throws {
        try checkSameLength(
            seriesName("error bars", label), reference: ("x", x.count),
            [("y", y.count), ("lower", lower.count), ("upper", upper.count)])
        self.label = label
        self.x = x
        self.y = y
        self.lower = lower
        self.upper = upper
        self.color = color
        self.connected = connected
    }

    /// Points with symmetric bars `y[i] ± error[i]`.
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` if the arrays differ
    ///   in length, ``EvaluationError/invalidArgument(name:value:reason:)`` for a negative error.
    public init(
        label: String? = nil, x: [Double], y: [Double], error: [Double], color: FigureColor? = nil,
        connected: Bool = false
    ) throws {
        let name = seriesName("error bars", label)
        try checkSameLength(name, reference: ("x", x.count), [("y", y.count), ("error", error.count)])
        if let index = error.firstIndex(where: { $0 < 0 }) {
            throw EvaluationError.invalidArgument(
                name: "\(name) error[\(index)]", value: "\(error[index])", reason: "an error bar half-width cannot be negative")
        }
        try self.init(
            label: label, x: x, y: y, lower: zip(y, error).map { $0 - $1 }, upper: zip(y, error).map { $0 + $1 },
            color: color, connected: connected)
    }
}
