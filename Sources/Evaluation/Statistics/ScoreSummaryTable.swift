import Foundation
import Losses

/// ``SummaryStatistics`` of several skill scores over splits or realisations, one row per
/// score: Guastavino et al. (2022) Table 2 for the TSS, extended to any score.
///
/// ```swift
/// let table = ScoreSummaryTable(confusions: perSplitMatrices,
///                               scores: [("tss", .trueSkillStatistic), ("hss2", .heidkeSkillScore2)])
/// try table.write(json: url.appendingPathComponent("summary.json"),
///                 csv: url.appendingPathComponent("summary.csv"))
/// ```
public struct ScoreSummaryTable: Sendable, Hashable, EvaluationExportable {
    /// One score's summary; `summary` is `nil` when the score is undefined on every split.
    public struct Row: Sendable, Hashable {
        /// The score's key (`tss`, `hss2`, ...).
        public var key: String
        /// The per-split values, in split order (`nil` where undefined).
        public var values: [Double?]
        /// Their summary, or `nil` when no value is defined.
        public var summary: SummaryStatistics?
    }

    /// The rows, in the order given.
    public var rows: [Row]

    /// Summarises given per-split values of each key.
    /// - Throws: ``EvaluationError`` when a defined value is NaN or infinite.
    public init(values: [(key: String, values: [Double?])]) throws {
        rows = try values.map { entry in
            let defined = entry.values.contains { $0 != nil }
            return Row(key: entry.key, values: entry.values, summary: defined ? try SummaryStatistics(entry.values) : nil)
        }
    }

    /// Summarises scores of per-split counted confusion matrices.
    public init(confusions: [ConfusionMatrix], scores: [(key: String, score: SkillScore)]) {
        rows = scores.map { entry in
            let values = confusions.map { $0.value(of: entry.score) }
            // Values of counted matrices are finite, so the summary cannot throw.
            let summary = values.contains { $0 != nil } ? try? SummaryStatistics(values) : nil
            return Row(key: entry.key, values: values, summary: summary)
        }
    }

    /// `{"scores": {key: {"values": [...], "summary": {...} or null}}}`.
    public var jsonObject: [String: Any] {
        var scores: [String: Any] = [:]
        for row in rows {
            scores[row.key] = ["values": row.values.map(jsonNumber), "summary": row.summary.map { $0.jsonObject as Any } ?? NSNull()]
        }
        return ["scores": scores]
    }

    /// Columns `score`, then those of ``SummaryStatistics/keys``; an all-undefined score has
    /// count 0 and empty fields.
    public func csv() -> String {
        csvText(
            header: ["score"] + SummaryStatistics.keys,
            rows: rows.map { row in
                [row.key] + (row.summary?.csvRow
                    ?? ["0", csvField(row.values.count)] + [String](repeating: "", count: SummaryStatistics.keys.count - 2))
            })
    }
}
