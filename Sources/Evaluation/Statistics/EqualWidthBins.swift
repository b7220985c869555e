/// `count` equal-width bins covering [lower, upper]: bin k is the half-open interval
/// [edge(k), edge(k + 1)), except the last, which also holds `upper` itself.
///
/// Edge k is `lower + (upper - lower) * k / count`, computed in that order, so the edges of
/// ten bins over [0, 1] are exactly the doubles nearest to 0.1, 0.2, ...: a prediction of
/// exactly 0.3 falls in [0.3, 0.4).
///
/// ```swift
/// let bins = try EqualWidthBins(lower: 0, upper: 1, count: 10)
/// bins.index(of: 0.3)   // 3
/// bins.index(of: 1.0)   // 9
/// bins.index(of: 1.5)   // nil
/// ```
public struct EqualWidthBins: Sendable, Hashable, Codable {
    /// The lower edge of the first bin.
    public var lower: Double
    /// The upper edge of the last bin (included in it).
    public var upper: Double
    /// The number of bins.
    public var count: Int

    /// Creates bins.
    /// - Throws: ``EvaluationError/invalidArgument(name:value:reason:)`` unless the edges are
    ///   finite with `lower < upper` and `count >= 1`.
    public init(lower: Double, upper: Double, count: Int) throws {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw EvaluationError.invalidArgument(
                name: "bin range", value: "[\(lower), \(upper)]", reason: "needs finite edges with lower < upper")
        }
        guard count >= 1 else {
            throw EvaluationError.invalidArgument(name: "bin count", value: "\(count)", reason: "must be at least 1")
        }
        self.lower = lower
        self.upper = upper
        self.count = count
    }

    /// Bins from arguments known to be valid (constants in this module).
    static func unchecked(lower: Double, upper: Double, count: Int) -> EqualWidthBins {
        EqualWidthBins(validLower: lower, upper: upper, count: count)
    }

    private init(validLower lower: Double, upper: Double, count: Int) {
        self.lower = lower
        self.upper = upper
        self.count = count
    }

    /// Ten bins of width 0.1 over [0, 1]: [0, 0.1), ..., [0.9, 1.0], 1.0 in the last.
    public static let tenthsOfUnitInterval = EqualWidthBins.unchecked(lower: 0, upper: 1, count: 10)

    /// Bins of a given width from `lower` to `upper`.
    /// - Throws: ``EvaluationError/invalidArgument(name:value:reason:)`` unless `width` is
    ///   positive and divides `upper - lower` into a whole number of bins (within 1e-9).
    public init(lower: Double, upper: Double, width: Double) throws {
        guard width.isFinite, width > 0 else {
            throw EvaluationError.invalidArgument(name: "bin width", value: "\(width)", reason: "must be positive")
        }
        let bins = (upper - lower) / width
        let rounded = bins.rounded()
        guard bins.isFinite, rounded >= 1, abs(bins - rounded) <= 1e-9 * max(1, rounded) else {
            throw EvaluationError.invalidArgument(
                name: "bin width", value: "\(width)",
                reason: "must divide [\(lower), \(upper)] into a whole number of bins")
        }
        try self.init(lower: lower, upper: upper, count: Int(rounded))
    }

    /// The lower edge of bin `k` (`k == count` gives ``upper``).
    public func edge(_ k: Int) -> Double {
        k >= count ? upper : lower + (upper - lower) * Double(k) / Double(count)
    }

    /// The centre of bin `k`.
    public func center(_ k: Int) -> Double {
        (edge(k) + edge(k + 1)) / 2
    }

    /// The bin holding `value`, or `nil` when it lies outside [lower, upper] or is NaN.
    public func index(of value: Double) -> Int? {
        guard value >= lower, value <= upper else { return nil }
        if value == upper { return count - 1 }
        let estimate = ((value - lower) / (upper - lower) * Double(count)).rounded(.down)
        var k = Swift.min(Swift.max(Int(estimate), 0), count - 1)
        // Correct the estimate against the exact edges.
        while k > 0, value < edge(k) { k -= 1 }
        while k < count - 1, value >= edge(k + 1) { k += 1 }
        return k
    }
}
