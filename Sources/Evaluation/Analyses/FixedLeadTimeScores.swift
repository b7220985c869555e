import Foundation
import Losses

/// Forecast scores at a fixed time before flares, as Bhattacharjee et al. (2020, Sect. 4.6,
/// Table 4) compare their CNN with flare-forecasting studies: "recall and TSS obtained by
/// considering magnetogram samples 24 h before M- and X-class flares", i.e. the output "for a
/// given forward-looking time".
///
/// **Which samples.** Positives are the flaring samples (label 1) whose t_r lies in
/// ``window``; flaring samples outside it (or without t_r) are left out. Negatives are
/// **all** nonflaring samples (label 0), whatever their t_r: the paper's nonflaring regions
/// have no flare time. Recall = TP / (TP + FN) over the positives; TSS = recall +
/// specificity - 1 with the specificity over all nonflaring samples.
///
/// **Window.** The default, ``Window/twentyFourHoursBefore`` (``Window/leadTime(_:halfWidth:)``
/// with 24 h and a half-width of 0.5 h), is t_r in [-24.5 h, -23.5 h): at the paper's 1 h cadence exactly one magnetogram
/// per flare, the one nearest to 24 h before it. ``Window/before(hours:)`` takes every sample
/// within 24 h before the flare instead, t_r in [-24 h, 0).
///
/// ```swift
/// let folds = perFold.map { FixedLeadTimeScores(samples: $0) }
/// let table4 = ScoreSummaryTable(confusions: folds.map(\.confusion),
///                                scores: [("recall", .recall), ("tss", .trueSkillStatistic)])
/// // mean ± std over folds, as "0.92 ± 0.05"
/// ```
public struct FixedLeadTimeScores: Sendable, Hashable, EvaluationExportable {
    /// A half-open interval [lower, upper) of t_r in hours.
    public struct Window: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The edges in hours.
        public var lower: Double, upper: Double

        /// t_r in [lower, upper).
        /// - Throws: ``EvaluationError/invalidArgument(name:value:reason:)`` unless both edges
        ///   are finite and lower < upper.
        public init(lower: Double, upper: Double) throws {
            guard lower.isFinite, upper.isFinite, lower < upper else {
                throw EvaluationError.invalidArgument(
                    name: "time window", value: "[\(lower), \(upper))", reason: "needs finite edges with lower < upper")
            }
            self.lower = lower
            self.upper = upper
        }

        private init(validLower lower: Double, upper: Double) {
            self.lower = lower
            self.upper = upper
        }

        /// The default: 24 h before the flare within half an hour, t_r in [-24.5 h, -23.5 h).
        public static let twentyFourHoursBefore = Window(validLower: -24.5, upper: -23.5)

        /// A fixed lead time: t_r in [-hours - halfWidth, -hours + halfWidth).
        public static func leadTime(_ hours: Double = 24, halfWidth: Double = 0.5) throws -> Window {
            guard halfWidth > 0 else {
                throw EvaluationError.invalidArgument(name: "half-width", value: "\(halfWidth)", reason: "must be positive")
            }
            return try Window(lower: -hours - halfWidth, upper: -hours + halfWidth)
        }

        /// Every sample within `hours` before the flare: t_r in [-hours, 0).
        public static func before(hours: Double = 24) throws -> Window {
            try Window(lower: -hours, upper: 0)
        }

        /// Whether t_r lies in the window.
        public func contains(_ time: Double) -> Bool { time >= lower && time < upper }

        public var description: String { "[\(lower), \(upper)) h" }
    }

    /// The window of t_r for the flaring samples.
    public var window: Window
    /// Flaring samples in the window (TP, FN) against all nonflaring samples (TN, FP).
    public var confusion: ConfusionMatrix
    /// Flaring samples outside the window or without t_r, left out.
    public var excludedFlaringCount: Int

    /// Counts the samples.
    public init(samples: [FlareTimedPrediction], window: Window = .twentyFourHoursBefore) {
        self.window = window
        var matrix = ConfusionMatrix(tp: 0, tn: 0, fp: 0, fn: 0)
        var excluded = 0
        for sample in samples {
            if sample.isFlaring {
                guard let time = sample.timeRelativeToFlare, window.contains(time) else {
                    excluded += 1
                    continue
                }
                if sample.predictedFlaring { matrix.tp += 1 } else { matrix.fn += 1 }
            } else {
                if sample.predictedFlaring { matrix.fp += 1 } else { matrix.tn += 1 }
            }
        }
        confusion = matrix
        excludedFlaringCount = excluded
    }

    /// Recall of the flaring samples in the window, `nil` when there are none.
    public var recall: Double? { confusion.recall }
    /// TSS, `nil` without flaring samples in the window or without nonflaring samples.
    public var trueSkillStatistic: Double? { confusion.trueSkillStatistic }

    /// `window` (`lower`, `upper`), `confusion`, `excluded_flaring`, `recall`, `tss`.
    public var jsonObject: [String: Any] {
        ["window": ["lower": window.lower, "upper": window.upper], "confusion": confusionJSON(confusion),
         "excluded_flaring": excludedFlaringCount, "recall": jsonNumber(recall), "tss": jsonNumber(trueSkillStatistic)]
    }

    /// One row: `lower,upper,tp,tn,fp,fn,excluded_flaring,recall,tss`.
    public func csv() -> String {
        csvText(
            header: ["lower", "upper", "tp", "tn", "fp", "fn", "excluded_flaring", "recall", "tss"],
            rows: [[csvField(window.lower), csvField(window.upper), csvField(confusion.tp), csvField(confusion.tn),
                    csvField(confusion.fp), csvField(confusion.fn), csvField(excludedFlaringCount), csvField(recall),
                    csvField(trueSkillStatistic)]])
    }
}
