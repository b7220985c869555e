/// What ``FlareAttribution`` did with every flare of a catalogue: how many labelled a HARP and
/// how many labelled nothing, and why.
public struct FlareAttributionReport: Sendable, Hashable, Codable {
    /// Every flare given.
    public var flareCount: Int
    /// Flares attributed to at least one HARP.
    public var attributedFlareCount: Int
    /// Flares attributed to two or more HARPs (their region is in several HARPs).
    public var flaresInSeveralHarps: Int
    /// Flares the catalogue gives no NOAA region: they label nothing.
    public var flaresWithoutRegion: Int
    /// Flares whose NOAA region is in no HARP of the map: they label nothing.
    public var flaresWithUnmappedRegion: Int
    /// The distinct NOAA regions of those flares, ascending.
    public var unmappedRegions: [Int]

    /// Creates a report.
    public init(
        flareCount: Int = 0, attributedFlareCount: Int = 0, flaresInSeveralHarps: Int = 0,
        flaresWithoutRegion: Int = 0, flaresWithUnmappedRegion: Int = 0, unmappedRegions: [Int] = []
    ) {
        self.flareCount = flareCount
        self.attributedFlareCount = attributedFlareCount
        self.flaresInSeveralHarps = flaresInSeveralHarps
        self.flaresWithoutRegion = flaresWithoutRegion
        self.flaresWithUnmappedRegion = flaresWithUnmappedRegion
        self.unmappedRegions = unmappedRegions
    }
}
