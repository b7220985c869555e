extension RBFSupportVectorMachine {
    /// The settings of an RBF support vector machine, named and defaulted as scikit-learn's
    /// `SVC(kernel="rbf")`, plus FlareKit's feature standardisation (on by default).
    ///
    /// ```swift
    /// var configuration = RBFSupportVectorMachine.Configuration()   // C 1, gamma "scale", tol 1e-3
    /// configuration.classWeight = .balanced
    /// configuration.gamma = .value(0.05)
    /// ```
    public struct Configuration: Sendable, Hashable {
        /// The RBF width gamma in `exp(-gamma |x - x'|^2)`.
        public enum Gamma: Sendable, Hashable, CustomStringConvertible {
            /// scikit-learn's `"scale"`: `1 / (featureCount * X.var())`, X the (standardised)
            /// training matrix and `var` the population variance of all its entries; 1 when that
            /// variance is 0.
            case scale
            /// A fixed positive value.
            case value(Double)

            public var description: String {
                switch self {
                case .scale: "scale"
                case let .value(gamma): "\(gamma)"
                }
            }
        }

        /// How the penalty C is weighted per class.
        public enum ClassWeight: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
            /// The same C for both classes (scikit-learn's `class_weight=None`).
            case none
            /// scikit-learn's `"balanced"`: class k's C multiplied by `n / (2 n_k)`.
            case balanced

            public var description: String { rawValue }
        }

        /// The penalty C (> 0).
        public var c: Double
        /// The RBF width.
        public var gamma: Gamma
        /// The class weighting of C.
        public var classWeight: ClassWeight
        /// Standardise the features with the training part's means and standard deviations
        /// (``FeatureStandardization``) before training and scoring. scikit-learn's `SVC` does
        /// not; the same result comes from `make_pipeline(StandardScaler(), SVC(...))`.
        public var standardizesFeatures: Bool
        /// LIBSVM's stopping tolerance `eps` (scikit-learn's `tol`).
        public var tolerance: Double
        /// LIBSVM's kernel cache, megabytes (scikit-learn's `cache_size`).
        public var cacheSizeMegabytes: Double
        /// LIBSVM's shrinking heuristics (scikit-learn's `shrinking`).
        public var shrinking: Bool

        /// The settings; the defaults are scikit-learn's, with standardisation on.
        public init(
            c: Double = 1, gamma: Gamma = .scale, classWeight: ClassWeight = .none, standardizesFeatures: Bool = true,
            tolerance: Double = 1e-3, cacheSizeMegabytes: Double = 200, shrinking: Bool = true
        ) {
            self.c = c
            self.gamma = gamma
            self.classWeight = classWeight
            self.standardizesFeatures = standardizesFeatures
            self.tolerance = tolerance
            self.cacheSizeMegabytes = cacheSizeMegabytes
            self.shrinking = shrinking
        }

        /// Throws unless every setting is in its domain.
        func validate() throws {
            func check(_ name: String, _ value: Double) throws {
                guard value.isFinite, value > 0 else {
                    throw BaselinesError.invalidParameter(name: name, value: "\(value)", reason: "must be a positive finite number")
                }
            }
            try check("C", c)
            if case let .value(gamma) = gamma { try check("gamma", gamma) }
            try check("tolerance", tolerance)
            try check("cache size", cacheSizeMegabytes)
        }
    }
}
