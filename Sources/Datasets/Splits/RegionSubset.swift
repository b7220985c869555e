/// One part of a split: whole HARPs and the indices of their samples.
public struct RegionSubset: Sendable, Hashable, Codable {
    /// HARP numbers, ascending.
    public var harpNumbers: [Int]
    /// Indices of their samples in the sample list the split was made from, ascending.
    public var sampleIndices: [Int]

    /// Creates a subset.
    public init(harpNumbers: [Int], sampleIndices: [Int]) {
        self.harpNumbers = harpNumbers
        self.sampleIndices = sampleIndices
    }
}

/// A training/validation split over regions, one round of a repeated or k-fold scheme.
public struct TrainingValidationSplit: Sendable, Hashable, Codable {
    /// The round: the repetition (``RepeatedRegionSplit``) or fold (``GroupedKFold``) index.
    public var round: Int
    /// The seed the round's random choices were drawn from.
    public var seed: UInt64
    /// The training regions and samples.
    public var training: RegionSubset
    /// The validation regions and samples.
    public var validation: RegionSubset

    /// Creates a split.
    public init(round: Int, seed: UInt64, training: RegionSubset, validation: RegionSubset) {
        self.round = round
        self.seed = seed
        self.training = training
        self.validation = validation
    }
}
