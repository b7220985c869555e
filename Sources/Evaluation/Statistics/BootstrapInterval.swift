import Foundation
import Losses
import NeuralCore

/// A seeded percentile-bootstrap confidence interval of a statistic.
///
/// Each of ``Configuration/resamples`` resamples draws n indices uniformly with replacement
/// from the n items (a ``NeuralCore/SeededGenerator`` seeded with ``Configuration/seed``; index
/// `floor(u n)` from the generator's 64-bit output u / 2^64, resample after resample), and the
/// statistic is evaluated on each. The interval is the (1 - level) / 2 and 1 - (1 - level) / 2
/// quantiles of those values (linear interpolation, see ``SummaryStatistics/quantile(_:_:)``): the percentile
/// method. Resamples on which the statistic is undefined (`nil`, for example a TSS on a
/// resample without positives) are left out and counted. The same seed gives the same
/// interval.
///
/// ```swift
/// let ci = try BootstrapInterval.mean(of: tssPerSplit, configuration: .init(seed: 7))
/// print(ci.lower, ci.upper)
/// let tss = try BootstrapInterval.score(.trueSkillStatistic, probabilities: p, labels: y,
///                                       configuration: .init(resamples: 2000, seed: 1))
/// ```
public struct BootstrapInterval: Sendable, Hashable, Codable, EvaluationExportable {
    /// Resampling parameters.
    public struct Configuration: Sendable, Hashable, Codable {
        /// The number of bootstrap resamples (default 1000).
        public var resamples: Int
        /// The confidence level, in (0, 1) (default 0.95).
        public var level: Double
        /// The seed of the resampling generator.
        public var seed: UInt64

        /// Creates a configuration.
        public init(resamples: Int = 1000, level: Double = 0.95, seed: UInt64) {
            self.resamples = resamples
            self.level = level
            self.seed = seed
        }
    }

    /// The statistic on the original items (`nil` when undefined there).
    public var estimate: Double?
    /// The lower and upper ends of the interval.
    public var lower: Double, upper: Double
    /// The parameters used.
    public var configuration: Configuration
    /// The number of resamples on which the statistic was undefined (left out).
    public var undefinedResamples: Int

    /// The interval of any statistic of `count` items; `statistic` receives the resampled
    /// indices (with repetitions) and returns `nil` where it is undefined.
    /// - Throws: ``EvaluationError`` when `count` is 0, `resamples < 1`, the level is not in
    ///   (0, 1), the statistic is undefined on every resample or returns NaN, and anything
    ///   `statistic` throws.
    public static func resampling(
        count: Int, configuration: Configuration, statistic: ([Int]) throws -> Double?
    ) throws -> BootstrapInterval {
        guard count > 0 else { throw EvaluationError.insufficientData("bootstrap of no items") }
        guard configuration.resamples >= 1 else {
            throw EvaluationError.invalidArgument(
                name: "bootstrap resamples", value: "\(configuration.resamples)", reason: "must be at least 1")
        }
        guard configuration.level > 0, configuration.level < 1 else {
            throw EvaluationError.invalidArgument(
                name: "confidence level", value: "\(configuration.level)", reason: "must be within (0, 1)")
        }
        func checked(_ value: Double?) throws -> Double? {
            if let value, !value.isFinite {
                throw EvaluationError.invalidArgument(
                    name: "bootstrap statistic", value: "\(value)", reason: "must be finite or nil (undefined)")
            }
            return value
        }
        let estimate = try checked(try statistic(Array(0..<count)))
        var generator = SeededGenerator(seed: configuration.seed)
        var values: [Double] = []
        values.reserveCapacity(configuration.resamples)
        var indices = [Int](repeating: 0, count: count)
        for _ in 0..<configuration.resamples {
            for i in 0..<count {
                indices[i] = Int(generator.next().multipliedFullWidth(by: UInt64(count)).high)
            }
            if let value = try checked(try statistic(indices)) { values.append(value) }
        }
        guard !values.isEmpty else {
            throw EvaluationError.insufficientData(
                "the statistic is undefined on all \(configuration.resamples) bootstrap resamples")
        }
        values.sort()
        let tail = (1 - configuration.level) / 2
        return BootstrapInterval(
            estimate: estimate, lower: sortedQuantile(values, tail), upper: sortedQuantile(values, 1 - tail),
            configuration: configuration, undefinedResamples: configuration.resamples - values.count)
    }

    /// The interval of the mean of values (for example a score over splits).
    /// - Throws: ``EvaluationError`` for no values, a NaN or infinite value, or bad parameters.
    public static func mean(of values: [Double], configuration: Configuration) throws -> BootstrapInterval {
        try checkStatisticInputs(values)
        return try resampling(count: values.count, configuration: configuration) { indices in
            indices.reduce(0) { $0 + values[$1] } / Double(indices.count)
        }
    }

    /// The interval of a skill score over samples: each resample draws samples (probability
    /// and label together) and counts the confusion matrix at `threshold` (p >= t means 1).
    /// - Throws: ``EvaluationError`` for bad forecasts or parameters, or a score undefined on
    ///   every resample.
    public static func score(
        _ score: SkillScore, probabilities: [Double], labels: [Double], threshold: Double = 0.5,
        configuration: Configuration
    ) throws -> BootstrapInterval {
        try checkForecasts(probabilities, labels: labels)
        let positive = labels.map { $0 == 1 }
        let predicted = probabilities.map { $0 >= threshold }
        return try resampling(count: probabilities.count, configuration: configuration) { indices in
            var matrix = ConfusionMatrix(tp: 0, tn: 0, fp: 0, fn: 0)
            for i in indices {
                switch (positive[i], predicted[i]) {
                case (true, true): matrix.tp += 1
                case (true, false): matrix.fn += 1
                case (false, true): matrix.fp += 1
                case (false, false): matrix.tn += 1
                }
            }
            return matrix.value(of: score)
        }
    }

    /// `estimate` (null when undefined), `lower`, `upper`, `level`, `resamples`, `seed`,
    /// `undefined_resamples`, `method` ("percentile").
    public var jsonObject: [String: Any] {
        ["estimate": jsonNumber(estimate), "lower": lower, "upper": upper, "level": configuration.level,
         "resamples": configuration.resamples, "seed": configuration.seed, "undefined_resamples": undefinedResamples,
         "method": "percentile"]
    }

    /// One row: `estimate,lower,upper,level,resamples,seed,undefined_resamples`.
    public func csv() -> String {
        csvText(
            header: ["estimate", "lower", "upper", "level", "resamples", "seed", "undefined_resamples"],
            rows: [[csvField(estimate), csvField(lower), csvField(upper), csvField(configuration.level),
                    csvField(configuration.resamples), "\(configuration.seed)", csvField(undefinedResamples)]])
    }
}
