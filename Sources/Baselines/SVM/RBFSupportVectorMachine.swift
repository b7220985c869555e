/// A binary support vector machine with an RBF kernel, trained by LIBSVM (Chang and Lin 2011),
/// the library behind scikit-learn's `SVC`: the SVM baseline of Bhattacharjee et al. (2020,
/// Fig. 5 right), trained on SHARP features as Dhuri et al. (2019).
///
/// Labels are 0 and 1 (1: flaring); decision values are positive for class 1. With the same
/// settings the decision values are those of scikit-learn's `SVC(kernel="rbf", C=c,
/// gamma=..., class_weight=..., tol=...)` (after `StandardScaler` when
/// ``Configuration/standardizesFeatures``), to 1e-5 on the committed fixtures.
///
/// ```swift
/// var svm = RBFSupportVectorMachine(configuration: .init(c: 1, classWeight: .balanced))
/// try svm.fit(features: try FeatureMatrix(rows: trainingRows), labels: trainingLabels)
/// let scores = try svm.decisionValues(for: try FeatureMatrix(rows: testRows))   // > 0: flaring
/// print(svm.summary?.gamma ?? 0, svm.summary?.supportVectorCount ?? 0)
/// ```
///
/// A fitted machine is a value that shares its immutable LIBSVM model with its copies; it may
/// score from several threads.
public struct RBFSupportVectorMachine: Sendable {
    /// What a fit found and used.
    public struct Summary: Sendable, Hashable {
        /// Training samples, and of them per class (class 0, class 1).
        public var trainingSampleCount: Int
        public var classCounts: [Int]
        /// Features per sample.
        public var featureCount: Int
        /// The gamma used (the value of ``Configuration/Gamma/scale`` when asked for it).
        public var gamma: Double
        /// The factor of C per class (class 0, class 1): 1 and 1 without class weighting.
        public var classWeights: [Double]
        /// Support vectors, in all and per class (class 0, class 1).
        public var supportVectorCount: Int
        public var supportVectorCounts: [Int]
        /// The standardisation fitted on the training features (`nil` when off).
        public var standardization: FeatureStandardization?
    }

    /// The settings.
    public let configuration: Configuration
    /// What the last fit found; `nil` before ``fit(features:labels:)``.
    public private(set) var summary: Summary?
    private var model: LIBSVMModel?

    /// A machine with these settings, not yet fitted.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Trains on `features` and their 0/1 `labels` (one per sample, both classes present),
    /// replacing any earlier fit.
    /// - Throws: ``BaselinesError`` naming the problem: an invalid setting, no samples or no
    ///   features, a NaN or infinite feature, labels that are not 0/1 or not one per sample, a
    ///   single class; or LIBSVM's refusal.
    public mutating func fit(features: FeatureMatrix, labels: [Int]) throws {
        try fit(features: features, labels: labels.map(Double.init), featuresName: "training features", labelsName: "training labels")
    }

    /// ``fit(features:labels:)`` with labels as numbers (each must be exactly 0 or 1) and the
    /// names errors give the two arrays (for example the files they were read from).
    public mutating func fit(features: FeatureMatrix, labels: [Double], featuresName: String, labelsName: String) throws {
        let c = configuration
        try c.validate()
        try features.validate(what: featuresName)
        guard labels.count == features.sampleCount else {
            throw BaselinesError.shapeMismatch(
                what: labelsName, expected: "\(features.sampleCount) labels (one per sample of \(featuresName))",
                actual: "\(labels.count)")
        }
        if let bad = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw BaselinesError.invalidLabel(what: labelsName, index: bad, value: labels[bad])
        }
        let classes = labels.map { $0 == 1 ? 1 : 0 }
        let positives = classes.reduce(0, +)
        let counts = [classes.count - positives, positives]
        if let only = counts.firstIndex(of: classes.count) {
            throw BaselinesError.singleClass(what: labelsName, label: only, count: classes.count)
        }

        let standardization = c.standardizesFeatures ? try FeatureStandardization(fitting: features) : nil
        let x = try standardization?.transform(features, what: featuresName) ?? features
        let gamma: Double
        switch c.gamma {
        case let .value(value): gamma = value
        case .scale: gamma = Self.scaleGamma(x)
        }
        let weights: [Double]? = c.classWeight == .balanced
            ? counts.map { Double(classes.count) / (2 * Double($0)) }
            : nil
        let trained = try LIBSVMModel(
            features: x, labels: classes, gamma: gamma, c: c.c, classWeights: weights, tolerance: c.tolerance,
            cacheSizeMegabytes: c.cacheSizeMegabytes, shrinking: c.shrinking)
        model = trained
        summary = Summary(
            trainingSampleCount: classes.count, classCounts: counts, featureCount: features.featureCount, gamma: gamma,
            classWeights: weights ?? [1, 1], supportVectorCount: trained.supportVectorCounts.reduce(0, +),
            supportVectorCounts: trained.supportVectorCounts, standardization: standardization)
    }

    /// The decision values of `features`, one per sample: positive means class 1 (flaring).
    /// - Throws: ``BaselinesError/notFitted``, or ``BaselinesError`` for a matrix with another
    ///   number of features than the training one or a NaN or infinite value. An empty matrix
    ///   gives no values.
    public func decisionValues(for features: FeatureMatrix, what: String = "features") throws -> [Double] {
        guard let model, let summary else { throw BaselinesError.notFitted }
        guard features.featureCount == model.featureCount || features.sampleCount == 0 else {
            throw BaselinesError.shapeMismatch(
                what: what, expected: "\(model.featureCount) features (as the training features)",
                actual: "\(features.featureCount)")
        }
        guard features.sampleCount > 0 else { return [] }
        try features.validate(what: what)
        let x = try summary.standardization?.transform(features, what: what) ?? features
        return model.decisionValues(x)
    }

    /// scikit-learn's `gamma="scale"`: `1 / (featureCount * var)`, `var` the population variance
    /// of every entry of `x` (numpy's `x.var()`); 1 when it is 0.
    static func scaleGamma(_ x: FeatureMatrix) -> Double {
        let count = Double(x.values.count)
        let mean = x.values.reduce(0, +) / count
        let variance = x.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
        return variance == 0 ? 1 : 1 / (Double(x.featureCount) * variance)
    }
}
