import Foundation

/// The distribution of a score over splits or random realisations, as Guastavino et al. (2022,
/// Table 2) report the TSS over ten test sets: count, mean, standard deviation, minimum, first
/// quartile, median, third quartile and maximum.
///
/// - The standard deviation is the **sample** standard deviation, with n - 1 in the
///   denominator (numpy `std(ddof=1)`); it is `nil` for a single value.
/// - Quartiles and median are numpy's default linear-interpolation percentiles
///   (see ``SummaryStatistics/quantile(_:_:)``).
/// - Undefined per-split values (`nil`, for example a TSS on a split without positives) are
///   left out and counted in ``undefinedCount``.
///
/// ```swift
/// let tss = try SummaryStatistics([0.61, 0.58, 0.66, 0.63])
/// print(tss.mean, tss.standardDeviation ?? .nan, tss.median)
/// ```
public struct SummaryStatistics: Sendable, Hashable, Codable, EvaluationExportable {
    /// The number of values summarised.
    public var count: Int
    /// The number of undefined values left out.
    public var undefinedCount: Int
    /// The arithmetic mean.
    public var mean: Double
    /// The sample standard deviation (n - 1), `nil` when ``count`` is 1.
    public var standardDeviation: Double?
    /// The smallest value.
    public var minimum: Double
    /// The 25th percentile.
    public var firstQuartile: Double
    /// The 50th percentile.
    public var median: Double
    /// The 75th percentile.
    public var thirdQuartile: Double
    /// The largest value.
    public var maximum: Double

    /// The mean and standard deviation to three decimals, `"0.712 ± 0.050"`, or the single
    /// value with `"(1 value)"` when there is no deviation to give.
    public var meanAndDeviation: String {
        guard let standardDeviation else { return String(format: "%.3f (1 value)", mean) }
        return String(format: "%.3f ± %.3f", mean, standardDeviation)
    }

    /// Summarises finite values.
    /// - Throws: ``EvaluationError`` when there are no values or one is NaN or infinite.
    public init(_ values: [Double]) throws {
        try self.init(values.map { Optional($0) })
    }

    /// Summarises values, leaving out the undefined (`nil`) ones.
    /// - Throws: ``EvaluationError`` when no value is defined or one is NaN or infinite.
    public init(_ values: [Double?]) throws {
        let defined = values.compactMap { $0 }
        try checkStatisticInputs(defined, what: "defined values")
        let sorted = defined.sorted()
        count = sorted.count
        undefinedCount = values.count - sorted.count
        mean = defined.reduce(0, +) / Double(count)
        if count > 1 {
            let center = mean
            let squares = defined.reduce(0) { $0 + ($1 - center) * ($1 - center) }
            standardDeviation = (squares / Double(count - 1)).squareRoot()
        } else {
            standardDeviation = nil
        }
        minimum = sorted[0]
        firstQuartile = sortedQuantile(sorted, 0.25)
        median = sortedQuantile(sorted, 0.5)
        thirdQuartile = sortedQuantile(sorted, 0.75)
        maximum = sorted[count - 1]
    }

    /// The column names of ``csv()`` and the JSON keys, in order.
    public static let keys = ["count", "undefined", "mean", "std", "min", "q1", "median", "q3", "max"]

    /// `count`, `undefined`, `mean`, `std` (sample, n - 1; null for one value), `min`, `q1`,
    /// `median`, `q3`, `max`.
    public var jsonObject: [String: Any] {
        Dictionary(uniqueKeysWithValues: zip(Self.keys, [
            count as Any, undefinedCount, mean, jsonNumber(standardDeviation), minimum, firstQuartile, median,
            thirdQuartile, maximum,
        ]))
    }

    /// One row with the columns of ``keys``.
    public func csv() -> String {
        csvText(header: Self.keys, rows: [csvRow])
    }

    /// The fields of one CSV row, in ``keys`` order.
    var csvRow: [String] {
        [csvField(count), csvField(undefinedCount), csvField(mean), csvField(standardDeviation), csvField(minimum),
         csvField(firstQuartile), csvField(median), csvField(thirdQuartile), csvField(maximum)]
    }
}
