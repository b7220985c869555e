import Foundation
import Losses
import NeuralCore

/// What `flarekit score` prints: the ``Losses/ScoreReport`` at one threshold (confusion
/// matrix, skill scores, score-oriented losses) plus threshold-free scores: the ROC AUC, the
/// Brier score and skill score, and the TSS- and HSS2-maximising thresholds searched over
/// every distinct prediction (p >= t means 1; ties go to the smallest threshold).
///
/// ```swift
/// let report = try ProbabilisticScoreReport.load(predictions: pURL, labels: yURL)
/// print(report.text)
/// print(String(decoding: try report.jsonData(), as: UTF8.self))
/// ```
public struct ProbabilisticScoreReport {
    /// The thresholded report (its JSON keys are kept unchanged).
    public var base: ScoreReport
    /// The ROC AUC, `nil` when all labels are equal.
    public var auc: Double?
    /// The Brier score and skill score.
    public var brier: BrierScore
    /// The best threshold per searched score, `nil` when the score is undefined everywhere.
    public var bestThresholds: [(key: String, best: BestThreshold?)]

    /// The scores whose best threshold is reported, with their JSON keys.
    public static let searchedScores: [(key: String, score: SkillScore)] = [
        ("tss", .trueSkillStatistic), ("hss2", .heidkeSkillScore2),
    ]

    /// Scores `Double` probabilities against 0/1 labels.
    /// - Throws: ``Losses/LossesError`` as ``Losses/ScoreReport`` does for bad input (checked
    ///   first, so the messages are those of `flarekit score`), then ``EvaluationError``.
    public init(probabilities: [Double], labels: [Double], threshold: Double = 0.5) throws {
        base = try ScoreReport(probabilities: probabilities, labels: labels, threshold: threshold)
        auc = try ROCCurve(probabilities: probabilities, labels: labels).auc
        brier = try BrierScore(probabilities: probabilities, labels: labels)
        bestThresholds = try Self.searchedScores.map { entry in
            (entry.key, try ThresholdSearch(score: entry.score).best(probabilities: probabilities, labels: labels))
        }
    }

    /// Reads predictions and labels from `.npy` files as ``Losses/ScoreReport/load(predictions:labels:threshold:)``
    /// does (same element types, shapes and errors) and scores them.
    public static func load(predictions: URL, labels: URL, threshold: Double = 0.5) throws -> ProbabilisticScoreReport {
        // The thresholded report checks files, element types and shapes with its own messages.
        _ = try ScoreReport.load(predictions: predictions, labels: labels, threshold: threshold)
        return try ProbabilisticScoreReport(
            probabilities: try NumpyArray.read(from: predictions).doubles(),
            labels: try NumpyArray.read(from: labels).doubles(), threshold: threshold)
    }

    /// The ``Losses/ScoreReport`` JSON object plus `auc`, `brier`, `bss` and
    /// `best_threshold` = `{"tss": {"threshold": t, "value": v}, "hss2": {...}}`; undefined
    /// values are null.
    public var jsonObject: [String: Any] {
        var object = base.jsonObject
        object["auc"] = jsonNumber(auc)
        object["brier"] = brier.score
        object["bss"] = jsonNumber(brier.skillScore)
        var best: [String: Any] = [:]
        for (key, value) in bestThresholds {
            best[key] = ["threshold": jsonNumber(value?.threshold), "value": jsonNumber(value?.value)]
        }
        object["best_threshold"] = best
        return object
    }

    /// ``jsonObject`` serialised with sorted keys (one line, as `flarekit score --json` prints).
    public func jsonData() throws -> Data {
        try JSONSerialization.data(withJSONObject: jsonObject, options: [.sortedKeys])
    }

    /// The ``Losses/ScoreReport`` table followed by the AUC, Brier scores and best thresholds.
    public var text: String {
        func format(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "undefined" }
        func padded(_ key: String) -> String { "  " + key.padding(toLength: 12, withPad: " ", startingAt: 0) }
        var lines = [base.text, "threshold-free scores:"]
        lines.append(padded("auc") + format(auc))
        lines.append(padded("brier") + format(brier.score))
        lines.append(padded("bss") + format(brier.skillScore))
        for (key, best) in bestThresholds {
            let where_ = best.map { " at threshold \(String(format: "%.6g", $0.threshold)) (p >= t means 1)" } ?? ""
            lines.append(padded("best \(key)") + format(best?.value) + where_)
        }
        return lines.joined(separator: "\n")
    }
}
