import Losses

/// Every split's outcome of a cross-validation run.
///
/// ```swift
/// let result = try runner.run(task, splits: splits)
/// let tss = try result.summary(of: .trueSkillStatistic)   // mean, std, quartiles over splits
/// ```
public struct CrossValidationResult {
    /// One entry per split, in split order.
    public var folds: [CrossValidationFold]

    /// Creates a result from folds.
    public init(folds: [CrossValidationFold]) {
        self.folds = folds
    }

    /// The score of every split, in split order (`nil` where undefined).
    public func values(of score: SkillScore) -> [Double?] {
        folds.map { $0.value(of: score) }
    }

    /// Mean, standard deviation, minimum, quartiles, median and maximum of a score over the
    /// splits (Guastavino et al. Table 2); undefined values are counted, not averaged.
    public func summary(of score: SkillScore) throws -> SummaryStatistics {
        try SummaryStatistics(values(of: score))
    }
}
