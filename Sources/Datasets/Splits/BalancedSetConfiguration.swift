import Foundation

/// The sizes (numbers of samples) of the training, validation and test sets of a
/// well-balanced triple.
///
/// ```swift
/// let sizes = BalancedSetSizes(training: 6000, validation: 2000, test: 2000)
/// let same = try BalancedSetSizes(total: 10_000, training: 0.6, validation: 0.2, test: 0.2)
/// ```
public struct BalancedSetSizes: Sendable, Hashable, Codable {
    /// Training-set size.
    public var training: Int
    /// Validation-set size.
    public var validation: Int
    /// Test-set size.
    public var test: Int

    /// Creates sizes from counts.
    public init(training: Int, validation: Int, test: Int) {
        self.training = training
        self.validation = validation
        self.test = test
    }

    /// Divides `total` samples by fractions (non-negative, summing to 1 within 1e-6) with the
    /// largest-remainder method, so the three sizes add up to `total`.
    public init(total: Int, training: Double, validation: Double, test: Double) throws {
        let fractions = [training, validation, test]
        guard total >= 0 else {
            throw DatasetsError.invalidValue(what: "total set size", value: "\(total)", reason: "must be >= 0")
        }
        guard fractions.allSatisfy({ $0.isFinite && $0 >= 0 }), abs(fractions.reduce(0, +) - 1) <= 1e-6 else {
            throw DatasetsError.invalidValue(
                what: "set fractions", value: "\(fractions)", reason: "must be finite, >= 0 and sum to 1")
        }
        let sizes = Apportionment.largestRemainder(total: total, weights: fractions)
        self.init(training: sizes[0], validation: sizes[1], test: sizes[2])
    }

    /// The sizes as an array: training, validation, test.
    public var all: [Int] { [training, validation, test] }

    /// The sizes multiplied by `scale` and rounded down.
    public func scaled(by scale: Double) -> BalancedSetSizes {
        BalancedSetSizes(
            training: Int((Double(training) * scale).rounded(.down)),
            validation: Int((Double(validation) * scale).rounded(.down)),
            test: Int((Double(test) * scale).rounded(.down)))
    }
}

/// What ``BalancedSetGenerator`` does when the archive cannot meet a class target.
public enum ShortfallPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Build the sets anyway, with every class it could fill at its target and the short ones
    /// below; the triple's sets list each ``ClassShortfall`` and their realised rates.
    case report
    /// Throw ``DatasetsError/insufficientData(_:)`` naming the set and classes.
    case fail
    /// Shrink all three sizes by one factor until every target is met (the factor is in
    /// ``BalancedTriple/scale``). Throws ``DatasetsError/insufficientData(_:)`` when shrinking
    /// would empty a set or round a wanted class's target down to zero before that happens.
    case scaleDown
}

/// The settings of ``BalancedSetGenerator``: class rates, set sizes, and the shortfall policy.
///
/// ```swift
/// var configuration = BalancedSetConfiguration(sizes: BalancedSetSizes(training: 6000, validation: 2000, test: 2000))
/// configuration.shortfallPolicy = .scaleDown
/// ```
public struct BalancedSetConfiguration: Sendable, Hashable, Codable {
    /// The target rate of each class (normalised to sum 1); default the paper's.
    public var rates: PerSampleClass<Double>
    /// The set sizes.
    public var sizes: BalancedSetSizes
    /// What to do when a target cannot be met (default: report it).
    public var shortfallPolicy: ShortfallPolicy

    /// Creates a configuration.
    public init(
        rates: PerSampleClass<Double> = .guastavino2022Rates, sizes: BalancedSetSizes,
        shortfallPolicy: ShortfallPolicy = .report
    ) {
        self.rates = rates
        self.sizes = sizes
        self.shortfallPolicy = shortfallPolicy
    }

    /// Throws unless the rates are finite, non-negative and not all zero, and the sizes are
    /// non-negative.
    public func validate() throws {
        let values = SampleClass.allCases.map { rates[$0] }
        guard values.allSatisfy({ $0.isFinite && $0 >= 0 }), values.reduce(0, +) > 0 else {
            throw DatasetsError.invalidValue(
                what: "class rates", value: "\(values)", reason: "must be finite, >= 0 and not all zero")
        }
        guard sizes.all.allSatisfy({ $0 >= 0 }) else {
            throw DatasetsError.invalidValue(what: "set sizes", value: "\(sizes.all)", reason: "must be >= 0")
        }
    }

    /// The number of samples of each class in a set of `size` samples: `size x rate`, rounded by
    /// the largest-remainder method so the counts add up to `size` (ties go to the class listed
    /// first: X, M, C, NO1 ... NO4).
    public func targetCounts(size: Int) -> PerSampleClass<Int> {
        let counts = Apportionment.largestRemainder(
            total: max(size, 0), weights: SampleClass.allCases.map { rates[$0] })
        return PerSampleClass { counts[SampleClass.allCases.firstIndex(of: $0) ?? 0] }
    }
}

/// Largest-remainder (Hamilton) apportionment.
enum Apportionment {
    /// Divides `total` in proportion to non-negative `weights` (not all zero) into integers
    /// summing to `total`; ties in the remainders go to the earlier weight.
    static func largestRemainder(total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
        let quotas = weights.map { Double(total) * $0 / sum }
        var counts = quotas.map { Int($0.rounded(.down)) }
        let remaining = total - counts.reduce(0, +)
        let order = quotas.indices.sorted {
            let a = quotas[$0] - Double(counts[$0])
            let b = quotas[$1] - Double(counts[$1])
            return a != b ? a > b : $0 < $1
        }
        for index in order.prefix(max(remaining, 0)) { counts[index] += 1 }
        return counts
    }
}
