/// A dashed grey guide line spanning the panel: the diagonal `y = x` (ROC chance line,
/// perfect reliability), a horizontal line (`recall = 0.5`), or a vertical line (flare time).
///
/// A reference line does not take a palette colour. A horizontal or vertical line's position is
/// kept inside an automatically fitted axis; a non-finite position draws nothing.
///
/// ```swift
/// let chance = ReferenceLine(.diagonal, label: "chance")
/// let half = ReferenceLine(.horizontal(y: 0.5))
/// ```
public struct ReferenceLine: Sendable, Equatable {
    /// Which line.
    public enum Kind: Sendable, Equatable {
        /// `y = x` across the shown range.
        case diagonal
        /// `y = value` across the panel.
        case horizontal(y: Double)
        /// `x = value` across the panel.
        case vertical(x: Double)
    }

    /// Which line.
    public var kind: Kind
    /// The legend entry (`nil` or empty for none).
    public var label: String?

    /// A reference line.
    public init(_ kind: Kind, label: String? = nil) {
        self.kind = kind
        self.label = label
    }
}
