/// The mapping from HARP numbers to the NOAA active regions each HARP contains (JSOC's
/// `all_harps_with_noaa_ars.txt`). A HARP may hold several NOAA regions, and a NOAA region may
/// appear in several HARPs.
public struct HARPNOAAMap: Sendable, Equatable {
    /// NOAA region numbers of each HARP, in the order the table lists them.
    public private(set) var regionsByHARP: [Int: [Int]]
    /// HARP numbers holding each NOAA region, ascending.
    public private(set) var harpsByRegion: [Int: [Int]]

    /// Creates the map from HARP-to-regions pairs.
    public init(regionsByHARP: [Int: [Int]]) {
        self.regionsByHARP = regionsByHARP
        var reverse: [Int: [Int]] = [:]
        for (harp, regions) in regionsByHARP {
            for region in regions { reverse[region, default: []].append(harp) }
        }
        self.harpsByRegion = reverse.mapValues { $0.sorted() }
    }

    /// The NOAA regions of a HARP (empty when the HARP is unknown or has none).
    public func regions(ofHARP harp: Int) -> [Int] { regionsByHARP[harp] ?? [] }

    /// The HARPs holding a NOAA region (empty when none does).
    public func harps(holdingRegion region: Int) -> [Int] { harpsByRegion[region] ?? [] }
}
