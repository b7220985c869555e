import Foundation
import Losses

/// Chooses the decision threshold that maximises a skill score (a sample is predicted 1 when
/// p >= t).
///
/// Each candidate threshold gives a counted confusion matrix and the score's value on it.
/// Candidates where the score is undefined (a zero denominator) are skipped. **Ties:** when
/// several thresholds reach the maximum, the smallest of them is chosen.
///
/// Guastavino et al. (2022) choose the threshold on the training predictions over 100 evenly
/// spaced values between their minimum and maximum, then apply it to the test set:
///
/// ```swift
/// let search = ThresholdSearch(score: .trueSkillStatistic, candidates: .grid(count: 100))
/// if let best = try search.best(probabilities: trainingP, labels: trainingY) {
///     let test = try ConfusionMatrix(probabilities: testP, labels: testY, threshold: best.threshold)
/// }
/// ```
public struct ThresholdSearch: Sendable, Hashable {
    /// The score to maximise.
    public var score: SkillScore
    /// The thresholds tried.
    public var candidates: ThresholdCandidates

    /// Creates a search; by default over every distinct prediction.
    public init(score: SkillScore, candidates: ThresholdCandidates = .distinctPredictions) {
        self.score = score
        self.candidates = candidates
    }

    /// The score at every candidate threshold, ascending by threshold.
    /// - Throws: ``EvaluationError`` for mismatched lengths, no samples, probabilities outside
    ///   [0, 1] or NaN, labels other than 0 and 1, or invalid candidates.
    public func scan(probabilities: [Double], labels: [Double]) throws -> ThresholdScan {
        try checkForecasts(probabilities, labels: labels)
        let ranked = RankedForecasts(probabilities: probabilities, labels: labels)
        var points: [ThresholdScan.Point] = []
        ranked.sweep(ascending: try candidates.thresholds(for: ranked)) { threshold, confusion in
            points.append(ThresholdScan.Point(threshold: threshold, value: confusion.value(of: score), confusion: confusion))
        }
        return ThresholdScan(score: score, candidates: candidates, points: points)
    }

    /// The best threshold, or `nil` when the score is undefined at every candidate (for
    /// example the TSS when all labels are equal).
    /// - Throws: as ``scan(probabilities:labels:)``.
    public func best(probabilities: [Double], labels: [Double]) throws -> BestThreshold? {
        try checkForecasts(probabilities, labels: labels)
        let ranked = RankedForecasts(probabilities: probabilities, labels: labels)
        var best: BestThreshold?
        ranked.sweep(ascending: try candidates.thresholds(for: ranked)) { threshold, confusion in
            // Strictly greater: on ties the earlier, smaller threshold stays.
            guard let value = confusion.value(of: score), value > best?.value ?? -.infinity else { return }
            best = BestThreshold(threshold: threshold, value: value, confusion: confusion)
        }
        return best
    }
}

/// The threshold a ``ThresholdSearch`` chose, the score there and the confusion matrix.
public struct BestThreshold: Sendable, Hashable, Codable {
    /// The threshold (p >= threshold means 1).
    public var threshold: Double
    /// The maximised score's value at ``threshold``.
    public var value: Double
    /// The counted confusion matrix at ``threshold``.
    public var confusion: ConfusionMatrix

    /// Creates a result.
    public init(threshold: Double, value: Double, confusion: ConfusionMatrix) {
        self.threshold = threshold
        self.value = value
        self.confusion = confusion
    }

    /// `{"threshold": t, "value": v, "confusion": {"tp", "tn", "fp", "fn"}}`.
    public var jsonObject: [String: Any] {
        ["threshold": threshold, "value": value, "confusion": confusionJSON(confusion)]
    }
}

/// A skill score evaluated at each candidate threshold: the score-versus-threshold curve and
/// its maximum.
public struct ThresholdScan: Sendable, Hashable, EvaluationExportable {
    /// One candidate threshold and the score there.
    public struct Point: Sendable, Hashable {
        /// The threshold (p >= threshold means 1).
        public var threshold: Double
        /// The score, `nil` where undefined.
        public var value: Double?
        /// The counted confusion matrix at the threshold.
        public var confusion: ConfusionMatrix
    }

    /// The score evaluated.
    public var score: SkillScore
    /// How the thresholds were chosen.
    public var candidates: ThresholdCandidates
    /// The points, ascending by threshold.
    public var points: [Point]

    /// The maximum over the defined values, at the smallest threshold reaching it; `nil` when
    /// the score is undefined everywhere.
    public var best: BestThreshold? {
        var best: Point?
        for point in points {
            guard let value = point.value else { continue }
            if let current = best?.value, value <= current { continue }
            best = point
        }
        return best.map { BestThreshold(threshold: $0.threshold, value: $0.value ?? 0, confusion: $0.confusion) }
    }

    /// `score`, `candidates`, `best` (null when undefined) and `points` with their counts.
    public var jsonObject: [String: Any] {
        [
            "score": score.description,
            "candidates": candidates.description,
            "best": best.map { $0.jsonObject as Any } ?? NSNull(),
            "points": points.map { point -> [String: Any] in
                ["threshold": point.threshold, "value": jsonNumber(point.value), "confusion": confusionJSON(point.confusion)]
            },
        ]
    }

    /// Columns `threshold,value,tp,tn,fp,fn`; an undefined value is an empty field.
    public func csv() -> String {
        csvText(
            header: ["threshold", "value", "tp", "tn", "fp", "fn"],
            rows: points.map { point in
                [csvField(point.threshold), csvField(point.value), csvField(point.confusion.tp),
                 csvField(point.confusion.tn), csvField(point.confusion.fp), csvField(point.confusion.fn)]
            })
    }
}

/// `{"tp", "tn", "fp", "fn"}` as in `flarekit score`.
func confusionJSON(_ confusion: ConfusionMatrix) -> [String: Any] {
    ["tp": confusion.tp, "tn": confusion.tn, "fp": confusion.fp, "fn": confusion.fn]
}
