/// Feature standardisation fitted on training features only, as scikit-learn's `StandardScaler`
/// with its defaults: each feature minus its mean, divided by its population standard
/// deviation (ddof 0).
///
/// A feature that is constant on the training part, or indistinguishable from constant
/// (variance at most `n eps var + (n mean eps)^2`, the bound scikit-learn uses), gets scale 1,
/// so it is centred and not blown up. The variance is the two-pass value with its rounding
/// correction, `(sum d^2 - (sum d)^2 / n) / n` with `d = x - mean`, as scikit-learn computes it.
///
/// ```swift
/// let scaler = try FeatureStandardization(fitting: trainingFeatures)
/// let z = try scaler.transform(testFeatures)      // with the training means and scales
/// ```
public struct FeatureStandardization: Sendable, Hashable, Codable {
    /// The training mean of each feature.
    public let mean: [Double]
    /// The divisor of each feature: its training standard deviation, or 1 when constant.
    public let scale: [Double]

    /// Fits the means and scales on `features` (every value must be finite).
    /// - Throws: ``BaselinesError`` for an empty matrix or a non-finite value.
    public init(fitting features: FeatureMatrix) throws {
        try features.validate(what: "training features")
        let n = features.sampleCount, f = features.featureCount
        let count = Double(n)
        var mean = [Double](repeating: 0, count: f)
        var scale = [Double](repeating: 1, count: f)
        features.values.withUnsafeBufferPointer { x in
            for j in 0..<f {
                var sum = 0.0
                for i in 0..<n { sum += x[i * f + j] }
                let m = sum / count
                var squares = 0.0, correction = 0.0
                for i in 0..<n {
                    let d = x[i * f + j] - m
                    correction += d
                    squares += d * d
                }
                let variance = (squares - correction * correction / count) / count
                let eps = Double.ulpOfOne
                let bound = count * eps * variance + (count * m * eps) * (count * m * eps)
                mean[j] = m
                scale[j] = variance <= bound ? 1 : variance.squareRoot()
            }
        }
        self.mean = mean
        self.scale = scale
    }

    /// Means and scales you already have (one per feature; scales positive and finite).
    /// - Throws: ``BaselinesError/invalidParameter(name:value:reason:)`` otherwise.
    public init(mean: [Double], scale: [Double]) throws {
        guard mean.count == scale.count else {
            throw BaselinesError.invalidParameter(
                name: "standardisation", value: "\(mean.count) means, \(scale.count) scales", reason: "one of each per feature")
        }
        if let bad = scale.first(where: { !($0 > 0 && $0.isFinite) }) ?? mean.first(where: { !$0.isFinite }) {
            throw BaselinesError.invalidParameter(name: "standardisation", value: "\(bad)", reason: "means must be finite, scales positive")
        }
        self.mean = mean
        self.scale = scale
    }

    /// `(x - mean) / scale` for every feature of every sample.
    /// - Throws: ``BaselinesError/shapeMismatch(what:expected:actual:)`` when `features` has
    ///   another number of features.
    public func transform(_ features: FeatureMatrix, what: String = "features") throws -> FeatureMatrix {
        let f = mean.count
        guard features.featureCount == f else {
            throw BaselinesError.shapeMismatch(
                what: what, expected: "\(f) features (as the training features)", actual: "\(features.featureCount)")
        }
        var values = features.values
        values.withUnsafeMutableBufferPointer { x in
            for index in x.indices {
                let j = index % f
                x[index] = (x[index] - mean[j]) / scale[j]
            }
        }
        return try FeatureMatrix(sampleCount: features.sampleCount, featureCount: f, values: values, what: what)
    }
}
