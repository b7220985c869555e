/// A class whose target a well-balanced set could not reach.
public struct ClassShortfall: Sendable, Hashable, Codable {
    /// The class.
    public var sampleClass: SampleClass
    /// The number of samples wanted.
    public var target: Int
    /// The number the set holds.
    public var realised: Int

    /// Creates a shortfall.
    public init(sampleClass: SampleClass, target: Int, realised: Int) {
        self.sampleClass = sampleClass
        self.target = target
        self.realised = realised
    }
}

/// One well-balanced set: whole regions (minus discarded excess samples), its targets and what
/// it realised.
public struct BalancedSet: Sendable, Hashable, Codable {
    /// The HARPs whose samples were taken, ascending.
    public var harpNumbers: [Int]
    /// The kept samples' indices (positions in the input), ascending.
    public var sampleIndices: [Int]
    /// The wanted number of samples of each class.
    public var targetCounts: PerSampleClass<Int>
    /// The kept number of samples of each class.
    public var counts: PerSampleClass<Int>
    /// The kept rate of each class (counts over the set's size; 0 for an empty set).
    public var rates: PerSampleClass<Double>
    /// Classes below their target, in class order (empty when the set is complete).
    public var shortfalls: [ClassShortfall]
    /// Samples of the taken regions discarded as excess of a class.
    public var discardedSampleCount: Int

    /// Creates a set.
    public init(
        harpNumbers: [Int], sampleIndices: [Int], targetCounts: PerSampleClass<Int>, counts: PerSampleClass<Int>,
        shortfalls: [ClassShortfall], discardedSampleCount: Int
    ) {
        self.harpNumbers = harpNumbers
        self.sampleIndices = sampleIndices
        self.targetCounts = targetCounts
        self.counts = counts
        let size = counts.total
        self.rates = counts.map { size > 0 ? Double($0) / Double(size) : 0 }
        self.shortfalls = shortfalls
        self.discardedSampleCount = discardedSampleCount
    }

    /// The number of samples.
    public var size: Int { sampleIndices.count }

    /// Whether every class reached its target.
    public var isComplete: Bool { shortfalls.isEmpty }
}

/// Independent training, validation and test sets (no region in two of them) of one
/// realisation, with the seed that drew them.
public struct BalancedTriple: Sendable, Hashable, Codable {
    /// The realisation index.
    public var realisation: Int
    /// The seed this realisation was drawn from.
    public var seed: UInt64
    /// The factor the configured sizes were multiplied by (1 unless ``ShortfallPolicy/scaleDown``
    /// shrank them).
    public var scale: Double
    /// The sizes aimed at (the configured ones times ``scale``, rounded down).
    public var sizes: BalancedSetSizes
    /// The training set.
    public var training: BalancedSet
    /// The validation set.
    public var validation: BalancedSet
    /// The test set.
    public var test: BalancedSet

    /// Creates a triple.
    public init(
        realisation: Int, seed: UInt64, scale: Double, sizes: BalancedSetSizes, training: BalancedSet,
        validation: BalancedSet, test: BalancedSet
    ) {
        self.realisation = realisation
        self.seed = seed
        self.scale = scale
        self.sizes = sizes
        self.training = training
        self.validation = validation
        self.test = test
    }

    /// Whether all three sets met every target.
    public var isComplete: Bool { training.isComplete && validation.isComplete && test.isComplete }

    /// The shortfalls in words (`nil` when complete), e.g.
    /// `"test set: X 0 of 3, M 40 of 64"`.
    public var shortfallDescription: String? {
        let parts = [("training", training), ("validation", validation), ("test", test)].compactMap { name, set in
            set.shortfalls.isEmpty
                ? nil
                : "\(name) set: " + set.shortfalls.map { "\($0.sampleClass.rawValue) \($0.realised) of \($0.target)" }
                    .joined(separator: ", ")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
