/// Samples by features, row-major, in `Double`: what an SVM trains on and scores.
///
/// ```swift
/// let x = try FeatureMatrix(rows: [[1.2, 3e22], [0.4, 1e21]])   // 2 samples, 2 features
/// x[1, 0]                                                       // 0.4
/// let y = try FeatureMatrix(sampleCount: 2, featureCount: 2, values: [1.2, 3e22, 0.4, 1e21])
/// ```
public struct FeatureMatrix: Sendable, Hashable {
    /// The number of samples (rows).
    public let sampleCount: Int
    /// The number of features (columns).
    public let featureCount: Int
    /// The values, sample after sample (`sampleCount * featureCount`).
    public let values: [Double]

    /// A matrix of `values` laid out row-major.
    /// - Throws: ``BaselinesError/shapeMismatch(what:expected:actual:)`` when the counts are
    ///   negative or `values` does not hold `sampleCount * featureCount` numbers.
    public init(sampleCount: Int, featureCount: Int, values: [Double], what: String = "feature matrix") throws {
        let product = sampleCount.multipliedReportingOverflow(by: featureCount)
        guard sampleCount >= 0, featureCount >= 0, !product.overflow, product.partialValue == values.count else {
            throw BaselinesError.shapeMismatch(
                what: what, expected: "\(sampleCount) x \(featureCount) = \(sampleCount &* featureCount) values",
                actual: "\(values.count) values")
        }
        self.sampleCount = sampleCount
        self.featureCount = featureCount
        self.values = values
    }

    /// A matrix of one row per sample.
    /// - Throws: ``BaselinesError/shapeMismatch(what:expected:actual:)`` when the rows differ
    ///   in length (naming the first that differs).
    public init(rows: [[Double]], what: String = "feature matrix") throws {
        let width = rows.first?.count ?? 0
        if let bad = rows.firstIndex(where: { $0.count != width }) {
            throw BaselinesError.shapeMismatch(
                what: what, expected: "\(width) features in every row (as row 0)", actual: "\(rows[bad].count) in row \(bad)")
        }
        try self.init(sampleCount: rows.count, featureCount: width, values: rows.flatMap { $0 }, what: what)
    }

    /// The value of one feature of one sample.
    public subscript(sample: Int, feature: Int) -> Double {
        values[sample * featureCount + feature]
    }

    /// The features of one sample.
    public func row(_ sample: Int) -> ArraySlice<Double> {
        values[(sample * featureCount)..<((sample + 1) * featureCount)]
    }

    /// Throws unless the matrix has samples and features, all finite.
    func validate(what: String) throws {
        guard sampleCount > 0 else { throw BaselinesError.noSamples(what: what) }
        guard featureCount > 0 else { throw BaselinesError.noFeatures(what: what) }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw BaselinesError.nonFiniteFeature(
                what: what, sample: bad / featureCount, feature: bad % featureCount, value: values[bad])
        }
    }
}
