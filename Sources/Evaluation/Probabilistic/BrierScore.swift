import Foundation

/// The Brier score of probabilistic forecasts and its skill against climatology.
///
/// - ``score`` BS = mean over samples of (p - y)^2 (0 is perfect, 1 the worst).
/// - ``climatology`` the label mean ybar, the constant forecast of the base rate.
/// - ``referenceScore`` the climatological forecast's Brier score, mean (ybar - y)^2
///   = ybar (1 - ybar).
/// - ``skillScore`` BSS = 1 - BS / BS_ref; `nil` when all labels are equal (BS_ref = 0: the
///   climatological forecast is already perfect, so no skill relative to it is defined).
///
/// ```swift
/// let brier = try BrierScore(probabilities: [0.9, 0.2, 0.6, 0.1], labels: [1, 0, 0, 0])
/// // score (0.01 + 0.04 + 0.36 + 0.01) / 4 = 0.105, climatology 0.25,
/// // referenceScore 0.1875, skillScore 1 - 0.105 / 0.1875 = 0.44
/// ```
public struct BrierScore: Sendable, Hashable, Codable, EvaluationExportable {
    /// The mean squared difference between probability and label.
    public var score: Double
    /// The label mean (the base rate).
    public var climatology: Double
    /// The Brier score of always forecasting ``climatology``.
    public var referenceScore: Double
    /// The number of samples.
    public var count: Int

    /// Scores probabilities against 0/1 labels.
    /// - Throws: ``EvaluationError`` for mismatched lengths, no samples, probabilities outside
    ///   [0, 1] or NaN, or labels other than 0 and 1.
    public init(probabilities: [Double], labels: [Double]) throws {
        try checkForecasts(probabilities, labels: labels)
        count = probabilities.count
        var squared = 0.0, positives = 0.0
        for (p, y) in zip(probabilities, labels) {
            squared += (p - y) * (p - y)
            positives += y
        }
        score = squared / Double(count)
        climatology = positives / Double(count)
        referenceScore = climatology * (1 - climatology)
    }

    /// The Brier skill score 1 - BS / BS_ref, or `nil` when all labels are equal.
    public var skillScore: Double? {
        referenceScore > 0 ? 1 - score / referenceScore : nil
    }

    /// `brier`, `bss` (null when undefined), `climatology`, `reference_brier`, `count`.
    public var jsonObject: [String: Any] {
        ["brier": score, "bss": jsonNumber(skillScore), "climatology": climatology,
         "reference_brier": referenceScore, "count": count]
    }

    /// One row with columns `brier,bss,climatology,reference_brier,count`.
    public func csv() -> String {
        csvText(
            header: ["brier", "bss", "climatology", "reference_brier", "count"],
            rows: [[csvField(score), csvField(skillScore), csvField(climatology), csvField(referenceScore), csvField(count)]])
    }
}
