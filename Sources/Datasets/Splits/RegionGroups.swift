import Foundation

/// The samples of a data set grouped by HARP, with each HARP's flaring flag and observation
/// span: what every split works on. Splits choose HARP numbers, then map them to the sample
/// indices (positions in the sample list the groups were built from), so all samples of a
/// region stay in one part.
///
/// ```swift
/// let regions = try RegionGroups(samples: manifest.samples)
/// regions.harpNumbers.count                      // regions in the data set
/// regions.subset(harps: [377, 401]).sampleIndices
/// ```
public struct RegionGroups: Sendable, Hashable {
    /// One HARP of the data set.
    public struct Region: Sendable, Hashable {
        /// The HARP number.
        public var harpNumber: Int
        /// Whether the HARP is flaring.
        public var isFlaring: Bool
        /// Its first sample time.
        public var first: Date
        /// Its last sample time.
        public var last: Date
        /// Its sample indices, ascending.
        public var sampleIndices: [Int]
    }

    /// The regions keyed by HARP number.
    public let regions: [Int: Region]
    /// The HARP numbers, ascending.
    public let harpNumbers: [Int]

    /// Groups per-sample HARP numbers, times and flaring flags (arrays of equal length).
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` when the lengths differ or
    ///   one HARP has both flaring and nonflaring samples.
    public init(harpNumbers: [Int], times: [Date], isFlaring: [Bool]) throws {
        guard harpNumbers.count == times.count, harpNumbers.count == isFlaring.count else {
            throw DatasetsError.invalidValue(
                what: "per-sample arrays", value: "\(harpNumbers.count) HARPs, \(times.count) times, \(isFlaring.count) flags",
                reason: "must have equal lengths")
        }
        var regions: [Int: Region] = [:]
        for index in harpNumbers.indices {
            let harp = harpNumbers[index]
            let time = times[index]
            if var region = regions[harp] {
                guard region.isFlaring == isFlaring[index] else {
                    throw DatasetsError.invalidValue(
                        what: "flaring flag of HARP \(harp)", value: "sample \(index)",
                        reason: "differs from the HARP's other samples")
                }
                region.first = min(region.first, time)
                region.last = max(region.last, time)
                region.sampleIndices.append(index)
                regions[harp] = region
            } else {
                regions[harp] = Region(
                    harpNumber: harp, isFlaring: isFlaring[index], first: time, last: time, sampleIndices: [index])
            }
        }
        self.regions = regions
        self.harpNumbers = regions.keys.sorted()
    }

    /// Groups labelled samples (their indices are positions in `samples`).
    public init(samples: [LabeledSample]) throws {
        try self.init(
            harpNumbers: samples.map(\.harpNumber), times: samples.map(\.time), isFlaring: samples.map(\.isFlaringRegion))
    }

    private init(regions: [Int: Region]) {
        self.regions = regions
        self.harpNumbers = regions.keys.sorted()
    }

    /// The flaring HARPs, ascending.
    public var flaringHARPs: [Int] { harpNumbers.filter { regions[$0]?.isFlaring == true } }

    /// The nonflaring HARPs, ascending.
    public var nonflaringHARPs: [Int] { harpNumbers.filter { regions[$0]?.isFlaring == false } }

    /// The groups of only these HARPs (unknown numbers are ignored); sample indices keep
    /// referring to the original sample list.
    public func restricted(to harps: [Int]) -> RegionGroups {
        var kept: [Int: Region] = [:]
        for harp in harps { kept[harp] = regions[harp] }
        return RegionGroups(regions: kept)
    }

    /// The subset made of these HARPs (unknown numbers are ignored).
    public func subset(harps: [Int]) -> RegionSubset {
        let known = Set(harps).filter { regions[$0] != nil }.sorted()
        let indices = known.flatMap { regions[$0]?.sampleIndices ?? [] }.sorted()
        return RegionSubset(harpNumbers: known, sampleIndices: indices)
    }
}
