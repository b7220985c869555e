/// The numbers a box plot draws, computed from raw values.
///
/// Quartiles use linear interpolation between order statistics (NumPy's default `percentile`):
/// the `p`-quantile of sorted values `v[0...n-1]` sits at position `h = (n - 1) p`, between
/// `v[⌊h⌋]` and `v[⌊h⌋ + 1]`. Whiskers follow the 1.5 IQR rule of Guastavino et al. (2022):
/// they reach the most extreme values that lie within `1.5 (Q3 - Q1)` of the box (but stop at
/// the box when no value lies between it and the fence), and the values beyond them are
/// outliers.
///
/// ```swift
/// let stats = BoxPlotStatistics(values: [1, 2, 3, 4, 100])!
/// // stats.firstQuartile == 2, stats.median == 3, stats.thirdQuartile == 4
/// // stats.upperWhisker == 4, stats.outliers == [100], stats.mean == 22
/// ```
public struct BoxPlotStatistics: Sendable, Equatable {
    /// How many finite values went in.
    public var count: Int
    /// The smallest finite value.
    public var minimum: Double
    /// The largest finite value.
    public var maximum: Double
    /// Q1, the 25th percentile.
    public var firstQuartile: Double
    /// The 50th percentile.
    public var median: Double
    /// Q3, the 75th percentile.
    public var thirdQuartile: Double
    /// The arithmetic mean (the star).
    public var mean: Double
    /// The smallest value not below `Q1 - 1.5 IQR`, or Q1 if that value is above Q1.
    public var lowerWhisker: Double
    /// The largest value not above `Q3 + 1.5 IQR`, or Q3 if that value is below Q3.
    public var upperWhisker: Double
    /// The values outside the whiskers, ascending.
    public var outliers: [Double]

    /// `Q3 - Q1`.
    public var interquartileRange: Double { thirdQuartile - firstQuartile }

    /// The statistics of the finite values in `values`; `nil` when there are none.
    public init?(values: [Double]) {
        let sorted = values.filter(\.isFinite).sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        count = sorted.count
        minimum = first
        maximum = last
        firstQuartile = Self.interpolate(sorted, 0.25)
        median = Self.interpolate(sorted, 0.5)
        thirdQuartile = Self.interpolate(sorted, 0.75)
        mean = sorted.reduce(0, +) / Double(sorted.count)
        let reach = 1.5 * (thirdQuartile - firstQuartile)
        let lowFence = firstQuartile - reach, highFence = thirdQuartile + reach
        // A whisker never ends inside the box: when the nearest value within the fence lies
        // beyond the quartile (a gap in small samples), it stops at the quartile (as matplotlib).
        lowerWhisker = min(sorted.first(where: { $0 >= lowFence }) ?? firstQuartile, firstQuartile)
        upperWhisker = max(sorted.last(where: { $0 <= highFence }) ?? thirdQuartile, thirdQuartile)
        let low = lowerWhisker, high = upperWhisker
        outliers = sorted.filter { $0 < low || $0 > high }
    }

    /// The `p`-quantile (`p` in [0, 1], clamped) of ascending `sorted` values by linear
    /// interpolation; `nil` for an empty array.
    public static func quantile(sorted: [Double], _ p: Double) -> Double? {
        sorted.isEmpty ? nil : interpolate(sorted, p)
    }

    /// ``quantile(sorted:_:)`` for a non-empty array.
    private static func interpolate(_ sorted: [Double], _ p: Double) -> Double {
        let position = Double(sorted.count - 1) * min(max(p, 0), 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        return sorted[below] + fraction * (sorted[above] - sorted[below])
    }
}
