import Foundation

/// The counts of one ``SampleIndexing`` run, as `flarekit index` prints them. Encoded with
/// ``jsonData()``, the keys are snake_case (`files_indexed`, `cut_removals`, `sample_classes`,
/// ...).
///
/// ```swift
/// let summary = try SampleIndexing().run(directory: sharp, catalog: flares, harpTable: table).summary
/// print(summary.samples, summary.regions, summary.flaringRegions)
/// print(String(decoding: try summary.jsonData(), as: UTF8.self))
/// ```
public struct SampleIndexingSummary: Sendable, Hashable, Codable {
    /// One cut's removals, in the order the cuts run.
    public struct CutRemoval: Sendable, Hashable, Codable {
        /// The cut (``SelectionReport/Cut`` raw value: `quality`, `observerRadialVelocity`, ...).
        public var cut: String
        /// Observations it removed.
        public var removed: Int
        /// Of those, the ones lacking the value it tests.
        public var removedForMissingValue: Int
    }

    /// Magnetogram files whose headers were read (or reused from the cache).
    public var filesIndexed: Int
    /// Magnetogram files that could not be read.
    public var failures: Int
    /// Whether the selection cuts ran.
    public var cutsApplied: Bool
    /// Each cut's removals (empty when the cuts were skipped).
    public var cutRemovals: [CutRemoval]
    /// Observations before the cuts.
    public var observations: Int
    /// Samples in the manifest.
    public var samples: Int
    /// Regions (HARPs) in the manifest.
    public var regions: Int
    /// Flaring regions.
    public var flaringRegions: Int
    /// Samples per Guastavino class, keyed by the class name (`X`, `M`, `C`, `NO1`, ...).
    public var sampleClasses: [String: Int]
    /// Catalogue flares.
    public var flares: Int
    /// Catalogue flares with no NOAA region.
    public var flaresWithoutRegion: Int
    /// Catalogue flares whose NOAA region is in no HARP.
    public var flaresWithUnmappedRegion: Int
    /// Catalogue rows and table lines that could not be read.
    public var invalidCatalogRows: Int
    public var invalidTableLines: Int
    /// Kept magnetograms whose line-of-sight flux was measured from their pixels in this run.
    public var fluxMeasured: Int
    /// Kept magnetograms whose flux came from the index cache.
    public var fluxFromCache: Int
    /// Kept magnetograms whose pixels could not be read (left out of the manifest).
    public var fluxFailures: Int
    /// Seconds spent measuring the flux.
    public var fluxSeconds: Double
    /// The flaring-region rule (`whole_disk_passage`, or `observed_span` when asked for).
    public var flaringRegionRule: String

    /// The summary of a run.
    public init(_ result: SampleIndexingResult) {
        let report = result.manifest.report
        filesIndexed = result.indexReport.magnetogramFiles - result.indexReport.failures.count
        failures = result.indexReport.failures.count
        cutsApplied = result.selectionReport != nil
        cutRemovals = (result.selectionReport?.cuts ?? []).map {
            CutRemoval(cut: $0.cut.rawValue, removed: $0.removed, removedForMissingValue: $0.removedForMissingValue)
        }
        observations = result.selectionReport?.input ?? report.sampleCount
        samples = report.sampleCount
        regions = report.regionCount
        flaringRegions = report.flaringRegionCount
        var classes: [String: Int] = [:]
        for sampleClass in SampleClass.allCases { classes[sampleClass.rawValue] = report.classCounts[sampleClass] }
        sampleClasses = classes
        flares = report.attribution.flareCount
        flaresWithoutRegion = report.attribution.flaresWithoutRegion
        flaresWithUnmappedRegion = report.attribution.flaresWithUnmappedRegion
        invalidCatalogRows = result.catalogInvalidRows.count
        invalidTableLines = result.tableInvalidRows.count
        fluxMeasured = result.fluxMeasurement?.measured ?? 0
        fluxFromCache = result.fluxMeasurement?.reused ?? 0
        fluxFailures = result.fluxMeasurement?.failures.count ?? 0
        fluxSeconds = result.fluxMeasurement?.seconds ?? 0
        flaringRegionRule = result.manifest.configuration.flaringRegion.rule.rawValue
    }

    /// One JSON object with snake_case keys, sorted, on one line.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self)
        } catch {
            throw DatasetsError.invalidValue(what: "indexing summary", value: "\(samples) samples", reason: "cannot be encoded: \(error)")
        }
    }
}
