extension EnsemblePrediction {
    /// The median of an ensemble's probabilities for one sample: the middle value of the
    /// sorted probabilities for an odd count, and for an even count the mean of the two middle
    /// values (computed in `Double`, then rounded to `Float`).
    ///
    /// Guastavino et al. (2022, Sect. 5 and Table 2) train the LRCN on ten random realisations
    /// of the training, validation and test sets and summarise the ten networks by the
    /// distribution of their skill scores (mean, standard deviation, quartiles, median). The
    /// paper does not combine the networks' outputs; FlareKit's ensemble takes the same robust
    /// statistic per sample, the median of the realisation networks' probabilities, which one
    /// diverging network cannot drag as it would drag the mean.
    ///
    /// ```swift
    /// EnsemblePrediction.median(of: [0.2, 0.9, 0.4])        // 0.4
    /// EnsemblePrediction.median(of: [0.2, 0.9, 0.4, 0.6])   // 0.5, the mean of 0.4 and 0.6
    /// EnsemblePrediction.median(of: [])                     // nil
    /// ```
    /// - Returns: `nil` for no values.
    public static func median(of values: [Float]) -> Float? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return sorted[middle] }
        return Float((Double(sorted[middle - 1]) + Double(sorted[middle])) / 2)
    }
}
