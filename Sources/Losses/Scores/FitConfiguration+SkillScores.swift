import NeuralCore

extension FitConfiguration {
    /// A configuration that scores the validation set with `scores` every epoch (the TSS by
    /// default, p >= 0.5 meaning flaring) and keeps the weights of the epoch with the best
    /// first score (Guastavino et al. 2022, Sect. 2.4).
    ///
    /// ```swift
    /// let configuration = FitConfiguration.scoring(epochs: 20, batchSize: 64, seed: 1)
    /// ```
    public static func scoring(
        _ scores: [SkillScore] = [.trueSkillStatistic], epochs: Int = 10, batchSize: Int = 32, seed: UInt64 = 0
    ) -> FitConfiguration {
        var configuration = FitConfiguration(epochs: epochs, batchSize: batchSize, seed: seed)
        configuration.metrics = scores.map { SkillScoreMetric($0) }
        return configuration
    }
}
