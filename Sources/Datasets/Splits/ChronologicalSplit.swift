import Foundation

/// Bhattacharjee et al. (2020, Sect. 2) chronological split: regions observed up to the end of
/// September 2015 for training and validation, later ones for testing. Regions stay whole.
///
/// A region whose samples straddle the cut instant goes by its first sample by default
/// (``StraddlingRule/firstObservation``): a HARP first seen before the cut is in the
/// training-and-validation part with all its samples, even those after the cut.
/// "Before the cut" means strictly earlier than ``cut``.
///
/// ```swift
/// let split = ChronologicalSplit()                        // cut 2015-10-01T00:00:00Z
/// let parts = split.split(try RegionGroups(samples: manifest.samples))
/// parts.beforeCut.harpNumbers                             // training and validation regions
/// parts.afterCut.sampleIndices                            // test samples
/// ```
public struct ChronologicalSplit: Sendable, Hashable, Codable {
    /// Where a region with samples on both sides of the cut goes.
    public enum StraddlingRule: String, Sendable, Hashable, Codable, CaseIterable {
        /// By its first sample (the default).
        case firstObservation
        /// By its last sample.
        case lastObservation
        /// Into neither part (listed in ``ChronologicalSplitResult/excluded``).
        case exclude
    }

    /// The paper's cut: 2015-10-01T00:00:00 UTC (train and validation May 2010 - Sep 2015,
    /// test from Oct 2015).
    public static let bhattacharjee2020Cut = Date(timeIntervalSince1970: 1_443_657_600)

    /// The cut instant.
    public var cut: Date
    /// The rule for straddling regions.
    public var straddlingRule: StraddlingRule

    /// Creates a split.
    public init(cut: Date = ChronologicalSplit.bhattacharjee2020Cut, straddlingRule: StraddlingRule = .firstObservation) {
        self.cut = cut
        self.straddlingRule = straddlingRule
    }

    /// Splits the regions.
    public func split(_ groups: RegionGroups) -> ChronologicalSplitResult {
        var before: [Int] = []
        var after: [Int] = []
        var straddling: [Int] = []
        var excluded: [Int] = []
        for harp in groups.harpNumbers {
            guard let region = groups.regions[harp] else { continue }
            let startsBefore = region.first < cut
            let endsBefore = region.last < cut
            if startsBefore != endsBefore { straddling.append(harp) }
            let goesBefore: Bool
            switch straddlingRule {
            case .firstObservation: goesBefore = startsBefore
            case .lastObservation: goesBefore = endsBefore
            case .exclude:
                if startsBefore != endsBefore {
                    excluded.append(harp)
                    continue
                }
                goesBefore = startsBefore
            }
            if goesBefore { before.append(harp) } else { after.append(harp) }
        }
        return ChronologicalSplitResult(
            beforeCut: groups.subset(harps: before), afterCut: groups.subset(harps: after),
            straddling: straddling, excluded: excluded)
    }
}

/// The two parts of a ``ChronologicalSplit``.
public struct ChronologicalSplitResult: Sendable, Hashable, Codable {
    /// Regions before the cut (training and validation).
    public var beforeCut: RegionSubset
    /// Regions after the cut (test).
    public var afterCut: RegionSubset
    /// HARPs with samples on both sides of the cut, ascending (whichever part they went to).
    public var straddling: [Int]
    /// HARPs left out (only with ``ChronologicalSplit/StraddlingRule/exclude``), ascending.
    public var excluded: [Int]

    /// Creates a result.
    public init(beforeCut: RegionSubset, afterCut: RegionSubset, straddling: [Int], excluded: [Int]) {
        self.beforeCut = beforeCut
        self.afterCut = afterCut
        self.straddling = straddling
        self.excluded = excluded
    }
}
