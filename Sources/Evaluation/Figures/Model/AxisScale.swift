/// How data values map to positions along an axis.
public enum AxisScale: Sendable, Hashable {
    /// Equal distances for equal differences.
    case linear
    /// Base-10 logarithmic (for example total unsigned flux); values <= 0 are skipped.
    case logarithmic
}
