import NeuralCore

/// Bhattacharjee et al. (2020, Sect. 4.1) cross-validation: the flaring and the nonflaring
/// regions are each split at random into `parts` parts; `parts - 1` train and one validates.
/// This is repeated `repetitions` times with different seeds (paper: 3 parts, 10 times, so
/// each region validates about 3.3 times). Every sample of a region stays in one part.
///
/// In each round, each class's HARPs (ascending) are permuted with a `SeededGenerator` seeded
/// from the round's seed and cut into `parts` contiguous parts of sizes differing by at most
/// one (the first parts take the extra regions); the first part validates.
///
/// ```swift
/// let scheme = RepeatedRegionSplit(seed: 7)                 // 3 parts, 10 repetitions
/// for split in try scheme.splits(try RegionGroups(samples: samples)) {
///     train(on: split.training.sampleIndices, validateOn: split.validation.sampleIndices)
/// }
/// ```
public struct RepeatedRegionSplit: Sendable, Hashable, Codable {
    /// Number of parts k (3).
    public var parts: Int
    /// Number of rounds R (10).
    public var repetitions: Int
    /// The seed of the whole scheme; round r uses the r-th output of a generator seeded with it.
    public var seed: UInt64

    /// Creates the scheme.
    public init(parts: Int = 3, repetitions: Int = 10, seed: UInt64) {
        self.parts = parts
        self.repetitions = repetitions
        self.seed = seed
    }

    /// The splits of every round.
    /// - Throws: ``DatasetsError/insufficientData(_:)`` when either class has fewer regions
    ///   than parts; ``DatasetsError/invalidValue(what:value:reason:)`` for fewer than 2 parts
    ///   or fewer than 1 repetition.
    public func splits(_ groups: RegionGroups) throws -> [TrainingValidationSplit] {
        guard repetitions >= 1 else {
            throw DatasetsError.invalidValue(what: "number of repetitions", value: "\(repetitions)", reason: "must be at least 1")
        }
        let flaring = groups.flaringHARPs
        let nonflaring = groups.nonflaringHARPs
        try SplitRandomness.requireRegions(
            flaring: flaring.count, nonflaring: nonflaring.count, parts: parts, scheme: "the repeated region split")
        return SplitRandomness.roundSeeds(seed, count: repetitions).enumerated().map { round, roundSeed in
            split(groups, flaring: flaring, nonflaring: nonflaring, round: round, seed: roundSeed)
        }
    }

    /// One round from its seed (what ``splits(_:)`` returns as round `round`).
    public func split(_ groups: RegionGroups, round: Int, seed roundSeed: UInt64) throws -> TrainingValidationSplit {
        let flaring = groups.flaringHARPs
        let nonflaring = groups.nonflaringHARPs
        try SplitRandomness.requireRegions(
            flaring: flaring.count, nonflaring: nonflaring.count, parts: parts, scheme: "the repeated region split")
        return split(groups, flaring: flaring, nonflaring: nonflaring, round: round, seed: roundSeed)
    }

    private func split(
        _ groups: RegionGroups, flaring: [Int], nonflaring: [Int], round: Int, seed roundSeed: UInt64
    ) -> TrainingValidationSplit {
        var generator = SeededGenerator(seed: roundSeed)
        var training: [Int] = []
        var validation: [Int] = []
        for harps in [flaring, nonflaring] {
            let order = SplitRandomness.shuffled(harps, using: &generator)
            // The first part is the largest: ceil(n / k) regions.
            let validationCount = (order.count + parts - 1) / parts
            validation += order[..<validationCount]
            training += order[validationCount...]
        }
        return TrainingValidationSplit(
            round: round, seed: roundSeed, training: groups.subset(harps: training),
            validation: groups.subset(harps: validation))
    }
}
