import NeuralCore

/// Grouped, stratified k-fold cross-validation over regions: the regions are dealt into `folds`
/// parts so that every part holds about the same number of flaring and of nonflaring regions,
/// and each part validates once while the others train. Every sample of a region stays in one
/// part.
///
/// The flaring HARPs (ascending, then permuted with a `SeededGenerator` seeded with ``seed``)
/// are dealt round-robin into the parts, then the nonflaring HARPs (permuted likewise)
/// continue the deal where the flaring ones stopped, so part sizes differ by at most one.
///
/// ```swift
/// let folds = try GroupedKFold(folds: 5, seed: 3).splits(try RegionGroups(samples: samples))
/// folds.map(\.validation.harpNumbers)      // every region exactly once
/// ```
public struct GroupedKFold: Sendable, Hashable, Codable {
    /// Number of folds k.
    public var folds: Int
    /// The seed of the deal.
    public var seed: UInt64

    /// Creates the scheme.
    public init(folds: Int, seed: UInt64) {
        self.folds = folds
        self.seed = seed
    }

    /// The part (0..<folds) of every HARP, keyed by HARP number.
    /// - Throws: ``DatasetsError/insufficientData(_:)`` when either class has fewer regions
    ///   than folds; ``DatasetsError/invalidValue(what:value:reason:)`` for fewer than 2 folds.
    public func partAssignment(_ groups: RegionGroups) throws -> [Int: Int] {
        let flaring = groups.flaringHARPs
        let nonflaring = groups.nonflaringHARPs
        try SplitRandomness.requireRegions(
            flaring: flaring.count, nonflaring: nonflaring.count, parts: folds, scheme: "grouped k-fold")
        var generator = SeededGenerator(seed: seed)
        var part: [Int: Int] = [:]
        var dealt = 0
        for harps in [flaring, nonflaring] {
            for harp in SplitRandomness.shuffled(harps, using: &generator) {
                part[harp] = dealt % folds
                dealt += 1
            }
        }
        return part
    }

    /// The `folds` splits; split `f` validates on part `f`.
    public func splits(_ groups: RegionGroups) throws -> [TrainingValidationSplit] {
        let part = try partAssignment(groups)
        return (0..<folds).map { fold in
            let validation = groups.harpNumbers.filter { part[$0] == fold }
            let training = groups.harpNumbers.filter { part[$0] != fold }
            return TrainingValidationSplit(
                round: fold, seed: seed, training: groups.subset(harps: training),
                validation: groups.subset(harps: validation))
        }
    }
}
