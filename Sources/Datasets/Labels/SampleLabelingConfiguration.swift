/// Every setting of ``SampleLabeler``, with the papers' values as defaults.
///
/// ```swift
/// var configuration = SampleLabelingConfiguration()
/// configuration.flaringRegion.passageMargin = 12 * 3600   // count flares up to 12 h outside
/// configuration.timeToFlare.window = 48 * 3600            // +-48 h instead of +-72 h
/// ```
public struct SampleLabelingConfiguration: Sendable, Hashable, Codable {
    /// Bhattacharjee's flaring-region rule (M1.0, passage margin 0).
    public var flaringRegion: FlaringRegionCriterion
    /// Guastavino's windows (24 h forward, 48 h backward).
    public var sampleClassWindows: SampleClassWindows
    /// Bhattacharjee's time to flare (M1.0, +-72 h).
    public var timeToFlare: TimeToFlareConfiguration

    /// Creates a configuration.
    public init(
        flaringRegion: FlaringRegionCriterion = FlaringRegionCriterion(),
        sampleClassWindows: SampleClassWindows = SampleClassWindows(),
        timeToFlare: TimeToFlareConfiguration = TimeToFlareConfiguration()
    ) {
        self.flaringRegion = flaringRegion
        self.sampleClassWindows = sampleClassWindows
        self.timeToFlare = timeToFlare
    }

    /// Throws ``DatasetsError/invalidValue(what:value:reason:)`` for the first bad setting.
    public func validate() throws {
        try flaringRegion.validate()
        try sampleClassWindows.validate()
        try timeToFlare.validate()
    }
}
