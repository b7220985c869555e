/// What ``SampleLabeler`` found: how the flares were attributed and how the samples fell into
/// the labels.
public struct LabelingReport: Sendable, Hashable, Codable {
    /// How the catalogue's flares were attributed to HARPs.
    public var attribution: FlareAttributionReport
    /// Number of samples (observations) labelled.
    public var sampleCount: Int
    /// Number of distinct HARPs among them.
    public var regionCount: Int
    /// HARPs labelled flaring.
    public var flaringRegionCount: Int
    /// HARPs labelled nonflaring.
    public var nonflaringRegionCount: Int
    /// Samples of flaring HARPs.
    public var flaringSampleCount: Int
    /// HARPs with no NOAA region at all (they can receive no flare: every sample is NO1).
    public var regionsWithoutNoaaNumber: Int
    /// HARPs of the observations absent from the given map, for which the observations'
    /// NOAA_ARS lists were used instead (0 when no map was given).
    public var regionsMissingFromMap: Int
    /// Samples per Guastavino class.
    public var classCounts: PerSampleClass<Int>
    /// Samples with a time to flare.
    public var samplesWithTimeToFlare: Int

    /// Creates a report.
    public init(
        attribution: FlareAttributionReport = FlareAttributionReport(), sampleCount: Int = 0,
        regionCount: Int = 0, flaringRegionCount: Int = 0, nonflaringRegionCount: Int = 0,
        flaringSampleCount: Int = 0, regionsWithoutNoaaNumber: Int = 0, regionsMissingFromMap: Int = 0,
        classCounts: PerSampleClass<Int> = PerSampleClass(repeating: 0), samplesWithTimeToFlare: Int = 0
    ) {
        self.attribution = attribution
        self.sampleCount = sampleCount
        self.regionCount = regionCount
        self.flaringRegionCount = flaringRegionCount
        self.nonflaringRegionCount = nonflaringRegionCount
        self.flaringSampleCount = flaringSampleCount
        self.regionsWithoutNoaaNumber = regionsWithoutNoaaNumber
        self.regionsMissingFromMap = regionsMissingFromMap
        self.classCounts = classCounts
        self.samplesWithTimeToFlare = samplesWithTimeToFlare
    }
}
