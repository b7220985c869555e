import Foundation

/// The receiver operating characteristic of probabilistic forecasts: the false- and
/// true-positive rates at every distinct threshold (p >= t means 1), and the area under it.
///
/// The curve starts at (0, 0), where nothing is predicted 1 (threshold `nil`, +infinity), and
/// takes one point per distinct prediction, descending, so it ends at (1, 1) at the smallest
/// prediction. Equal predictions move both rates at once, so ties give a diagonal segment,
/// and the trapezoidal area equals the Mann-Whitney rank statistic
/// P(p+ > p-) + P(p+ = p-) / 2 over positive-negative pairs. No point is dropped (this is
/// scikit-learn's `roc_curve(..., drop_intermediate=False)`).
///
/// When all labels are equal one of the rates is undefined: ``points`` is empty and ``auc``
/// is `nil`.
///
/// ```swift
/// let roc = try ROCCurve(probabilities: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1])
/// print(roc.auc ?? .nan)          // 0.75
/// ```
public struct ROCCurve: Sendable, Hashable, EvaluationExportable {
    /// One threshold of the curve.
    public struct Point: Sendable, Hashable {
        /// The threshold, `nil` for the first point (nothing predicted 1).
        public var threshold: Double?
        /// False-positive rate FP / (FP + TN).
        public var falsePositiveRate: Double
        /// True-positive rate (recall) TP / (TP + FN).
        public var truePositiveRate: Double
    }

    /// The points, by increasing rates; empty when one class is missing.
    public var points: [Point]
    /// The number of samples labelled 1 and 0.
    public var positives: Int, negatives: Int

    /// Builds the curve.
    /// - Throws: ``EvaluationError`` for mismatched lengths, no samples, probabilities outside
    ///   [0, 1] or NaN, or labels other than 0 and 1.
    public init(probabilities: [Double], labels: [Double]) throws {
        try checkForecasts(probabilities, labels: labels)
        let ranked = RankedForecasts(probabilities: probabilities, labels: labels)
        positives = ranked.positives.count
        negatives = ranked.negatives.count
        points = []
        guard positives > 0, negatives > 0 else { return }
        let p = Double(positives), n = Double(negatives)
        points.append(Point(threshold: nil, falsePositiveRate: 0, truePositiveRate: 0))
        // Walk both sorted lists from the top, one distinct value at a time.
        var i = positives - 1, j = negatives - 1
        var tp = 0, fp = 0
        while i >= 0 || j >= 0 {
            let next = max(i >= 0 ? ranked.positives[i] : -.infinity, j >= 0 ? ranked.negatives[j] : -.infinity)
            while i >= 0, ranked.positives[i] == next { tp += 1; i -= 1 }
            while j >= 0, ranked.negatives[j] == next { fp += 1; j -= 1 }
            points.append(Point(threshold: next, falsePositiveRate: Double(fp) / n, truePositiveRate: Double(tp) / p))
        }
    }

    /// The area under the curve by the trapezoid rule (the Mann-Whitney statistic); `nil`
    /// when one class is missing.
    public var auc: Double? {
        guard points.count > 1 else { return nil }
        var area = 0.0
        for (a, b) in zip(points, points.dropFirst()) {
            area += (b.falsePositiveRate - a.falsePositiveRate) * (a.truePositiveRate + b.truePositiveRate) / 2
        }
        return area
    }

    /// `auc` (null when undefined), `positives`, `negatives` and `points`
    /// (`threshold` null for the first point, `fpr`, `tpr`).
    public var jsonObject: [String: Any] {
        [
            "auc": jsonNumber(auc), "positives": positives, "negatives": negatives,
            "points": points.map { point -> [String: Any] in
                ["threshold": jsonNumber(point.threshold), "fpr": point.falsePositiveRate, "tpr": point.truePositiveRate]
            },
        ]
    }

    /// Columns `threshold,fpr,tpr`; the first point's threshold is an empty field.
    public func csv() -> String {
        csvText(
            header: ["threshold", "fpr", "tpr"],
            rows: points.map { [csvField($0.threshold), csvField($0.falsePositiveRate), csvField($0.truePositiveRate)] })
    }
}
