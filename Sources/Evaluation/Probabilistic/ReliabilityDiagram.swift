import Foundation

/// A reliability (calibration) diagram: forecasts grouped into equal-width probability bins
/// ([0, 0.1), [0.1, 0.2), ..., [0.9, 1.0] by default, 1.0 in the last bin; see
/// ``EqualWidthBins``), with per bin the number of forecasts, their mean probability and the
/// observed frequency of label 1. A perfectly calibrated forecast lies on the diagonal.
///
/// An empty bin has ``Bin/isEmpty`` set and `nil` mean and frequency.
///
/// ```swift
/// let diagram = try ReliabilityDiagram(probabilities: p, labels: y)
/// for bin in diagram.bins where !bin.isEmpty {
///     print(bin.lower, bin.meanPrediction!, bin.observedFrequency!)
/// }
/// ```
public struct ReliabilityDiagram: Sendable, Hashable, EvaluationExportable {
    /// One probability bin.
    public struct Bin: Sendable, Hashable {
        /// The bin's edges: [lower, upper), the last bin also holding `upper`.
        public var lower: Double, upper: Double
        /// The number of forecasts in the bin.
        public var count: Int
        /// The mean forecast probability, `nil` when the bin is empty.
        public var meanPrediction: Double?
        /// The fraction of the bin's samples labelled 1, `nil` when the bin is empty.
        public var observedFrequency: Double?
        /// Whether no forecast fell in the bin.
        public var isEmpty: Bool { count == 0 }
    }

    /// The bins, by increasing probability.
    public var bins: [Bin]

    /// Bins forecasts into `binCount` equal-width bins over [0, 1] (default 10).
    /// - Throws: ``EvaluationError`` for mismatched lengths, no samples, probabilities outside
    ///   [0, 1] or NaN, labels other than 0 and 1, or `binCount < 1`.
    public init(probabilities: [Double], labels: [Double], binCount: Int = 10) throws {
        try checkForecasts(probabilities, labels: labels)
        let binning = try EqualWidthBins(lower: 0, upper: 1, count: binCount)
        var counts = [Int](repeating: 0, count: binCount)
        var sums = [Double](repeating: 0, count: binCount)
        var positives = [Double](repeating: 0, count: binCount)
        for (p, y) in zip(probabilities, labels) {
            guard let k = binning.index(of: p) else { continue }  // checked: never outside [0, 1]
            counts[k] += 1
            sums[k] += p
            positives[k] += y
        }
        bins = (0..<binCount).map { k in
            let n = Double(counts[k])
            return Bin(
                lower: binning.edge(k), upper: binning.edge(k + 1), count: counts[k],
                meanPrediction: counts[k] > 0 ? sums[k] / n : nil,
                observedFrequency: counts[k] > 0 ? positives[k] / n : nil)
        }
    }

    /// `bins`: each with `lower`, `upper`, `count`, `empty`, `mean_prediction` and
    /// `observed_frequency` (null for an empty bin).
    public var jsonObject: [String: Any] {
        ["bins": bins.map { bin -> [String: Any] in
            ["lower": bin.lower, "upper": bin.upper, "count": bin.count, "empty": bin.isEmpty,
             "mean_prediction": jsonNumber(bin.meanPrediction), "observed_frequency": jsonNumber(bin.observedFrequency)]
        }]
    }

    /// Columns `lower,upper,count,empty,mean_prediction,observed_frequency`.
    public func csv() -> String {
        csvText(
            header: ["lower", "upper", "count", "empty", "mean_prediction", "observed_frequency"],
            rows: bins.map { bin in
                [csvField(bin.lower), csvField(bin.upper), csvField(bin.count), bin.isEmpty ? "true" : "false",
                 csvField(bin.meanPrediction), csvField(bin.observedFrequency)]
            })
    }
}
