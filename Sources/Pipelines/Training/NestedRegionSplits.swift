import Datasets
import Evaluation
import Foundation

/// Bhattacharjee et al.'s AR-grouped cross-validation with a held-out test part: each round of
/// `RepeatedRegionSplit` (Datasets) holds out one part of the regions as the **test** set, and
/// the remaining regions are split once more, by region, into training and an early-stopping
/// validation part.
///
/// No region is in two of a split's sets, so neither the chosen epoch nor the threshold has
/// seen the regions that are scored.
///
/// ```swift
/// let splits = try NestedRegionSplits(parts: 3, repetitions: 10, innerParts: 4, seed: 7).splits(samples)
/// splits[0].test        // one third of the regions
/// ```
public struct NestedRegionSplits: Sendable, Hashable {
    /// Parts of the outer split (one is the test set of a round).
    public var parts: Int
    /// Rounds.
    public var repetitions: Int
    /// Parts of the inner split of the training regions (one validates); `nil`: the whole
    /// outer training part trains and the test part doubles as validation (the paper's setup).
    public var innerParts: Int?
    /// The seed of both splits.
    public var seed: UInt64

    /// Creates the scheme.
    public init(parts: Int = 3, repetitions: Int = 10, innerParts: Int? = 4, seed: UInt64) {
        self.parts = parts
        self.repetitions = repetitions
        self.innerParts = innerParts
        self.seed = seed
    }

    /// The splits, named `fold-1`, `fold-2`, ..., as sample indices into `samples`.
    /// - Throws: `DatasetsError.insufficientData` when a class has fewer regions than a
    ///   split needs (the message says which split).
    public func splits(_ samples: [LabeledSample]) throws -> [CrossValidationSplit] {
        let outer = try RepeatedRegionSplit(parts: parts, repetitions: repetitions, seed: seed)
            .splits(try RegionGroups(samples: samples))
        return try outer.enumerated().map { k, round in
            let name = "fold-\(k + 1)"
            guard let innerParts else {
                return CrossValidationSplit(
                    name: name, training: round.training.sampleIndices, validation: round.validation.sampleIndices)
            }
            let trainingIndices = round.training.sampleIndices
            let inner: TrainingValidationSplit
            do {
                inner = try RepeatedRegionSplit(parts: innerParts, repetitions: 1, seed: seed &+ 0x9E37_79B9 &+ UInt64(k))
                    .splits(try RegionGroups(samples: trainingIndices.map { samples[$0] }))[0]
            } catch {
                throw PipelinesError.insufficientData(
                    stage: "early-stopping split of \(name)",
                    reason: "\(error) (use fewer inner parts, or none)")
            }
            return CrossValidationSplit(
                name: name, training: inner.training.sampleIndices.map { trainingIndices[$0] },
                validation: inner.validation.sampleIndices.map { trainingIndices[$0] },
                test: round.validation.sampleIndices)
        }
    }
}
