extension SummaryStatistics {
    /// The `q`-quantile of values by linear interpolation between order statistics: numpy's
    /// default `np.percentile(x, 100 q)` / `np.quantile(x, q)` (method `"linear"`, Hyndman and
    /// Fan type 7).
    ///
    /// With the values sorted ascending as x[0] ... x[n-1], h = (n - 1) q, and
    /// quantile = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
    ///
    /// ```swift
    /// try SummaryStatistics.quantile([1, 2, 3, 4], 0.25)   // 1.75
    /// ```
    /// - Throws: ``EvaluationError`` for an empty array, a value that is NaN or infinite, or
    ///   `q` outside [0, 1].
    public static func quantile(_ values: [Double], _ q: Double) throws -> Double {
        try checkStatisticInputs(values)
        guard q >= 0, q <= 1 else {
            throw EvaluationError.invalidArgument(name: "quantile", value: "\(q)", reason: "must be within [0, 1]")
        }
        return sortedQuantile(values.sorted(), q)
    }
}

/// The type-7 quantile of an ascending, non-empty array.
func sortedQuantile(_ sorted: [Double], _ q: Double) -> Double {
    let h = Double(sorted.count - 1) * q
    let low = Int(h.rounded(.down))
    let high = min(low + 1, sorted.count - 1)
    let fraction = h - Double(low)
    let difference = sorted[high] - sorted[low]
    // Interpolate from the nearer end, as numpy does, so results agree to the last bit.
    return fraction >= 0.5 ? sorted[high] - difference * (1 - fraction) : sorted[low] + difference * fraction
}

/// Checks that a sample for a statistic is non-empty and finite.
func checkStatisticInputs(_ values: [Double], what: String = "values") throws {
    guard !values.isEmpty else {
        throw EvaluationError.insufficientData("no \(what) to summarise")
    }
    if let index = values.firstIndex(where: { !$0.isFinite }) {
        throw EvaluationError.invalidArgument(
            name: "\(what) at index \(index)", value: "\(values[index])", reason: "must be finite")
    }
}
