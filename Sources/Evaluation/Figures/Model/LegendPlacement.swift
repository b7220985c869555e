/// Where a panel draws its legend (inside the plot area).
public enum LegendPlacement: Sendable, Hashable {
    /// The corner that covers the fewest data points (ties: top right, top left, bottom right,
    /// bottom left).
    case automatic
    /// The top left corner.
    case topLeft
    /// The top right corner.
    case topRight
    /// The bottom left corner.
    case bottomLeft
    /// The bottom right corner.
    case bottomRight
    /// No legend.
    case hidden
}
