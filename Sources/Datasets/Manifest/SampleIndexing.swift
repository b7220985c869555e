import Foundation

/// The whole `flarekit index` step as one library call: a SHARP folder, a flare catalogue and
/// the HARP-to-NOAA table become a labelled ``SampleManifest``.
///
/// The steps: ``ArchiveIndex`` scans the folder (headers only), ``FlareCatalog`` reads the
/// catalogue (SWPC event list or plain CSV, detected from the header), ``HARPNOAATable`` reads
/// the table, ``SelectionCuts`` keeps the observations the paper keeps (skipped when ``cuts``
/// is `nil`), ``LineOfSightFluxMeasurement`` measures each kept magnetogram's total unsigned
/// line-of-sight flux from its pixels (cached with the headers; skipped when
/// ``measuresLineOfSightFlux`` is `false`), and ``SampleLabeler`` labels what is left with every
/// flare of each region (the cuts decide which magnetograms become samples, never which flares
/// count).
///
/// ```swift
/// var indexing = SampleIndexing()
/// indexing.cuts?.maximumCentralMeridianDistance = 60
/// indexing.labeling.flaringRegion.threshold = try FlareClass("X1.0")
/// let result = try indexing.run(
///     directory: URL(fileURLWithPath: "sharp"), catalog: URL(fileURLWithPath: "flares.csv"),
///     harpTable: URL(fileURLWithPath: "all_harps_with_noaa_ars.txt"))
/// try result.manifest.write(to: URL(fileURLWithPath: "manifest.json"))
/// print(result.summary.samples, result.summary.flaringRegions)
/// ```
public struct SampleIndexing: Sendable {
    /// The selection cuts (`nil`: every indexed observation is labelled).
    public var cuts: SelectionCuts?
    /// The labelling settings.
    public var labeling: SampleLabelingConfiguration
    /// How the folder is scanned (cache, recursion, progress interval).
    public var indexOptions: ArchiveIndex.Options
    /// Fail on the first malformed catalogue row or table line instead of skipping it.
    public var strict: Bool
    /// Measure each kept magnetogram's line-of-sight flux from its pixels (default `true`; the
    /// values of unchanged files come from the index cache).
    public var measuresLineOfSightFlux = true

    /// The papers' settings: Bhattacharjee's cuts, the default labelling, a cached recursive
    /// scan and lenient reading.
    public init(
        cuts: SelectionCuts? = SelectionCuts(), labeling: SampleLabelingConfiguration = SampleLabelingConfiguration(),
        indexOptions: ArchiveIndex.Options = ArchiveIndex.Options(), strict: Bool = false
    ) {
        self.cuts = cuts
        self.labeling = labeling
        self.indexOptions = indexOptions
        self.strict = strict
    }

    /// Runs every step: the catalogue and table are read first (a bad one fails before the
    /// scan), then the folder is scanned (`progress(done, total)` reports it), cut, measured
    /// (`fluxProgress(done, total)`) and labelled.
    /// - Throws: ``DatasetsError`` for a missing folder, an unreadable or (in strict mode)
    ///   malformed catalogue or table, or a bad cut or labelling setting.
    public func run(
        directory: URL, catalog: URL, harpTable: URL, progress: ((_ done: Int, _ total: Int) -> Void)? = nil,
        fluxProgress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> SampleIndexingResult {
        // The small files first, so that a bad catalogue fails before a long scan.
        let flares = try FlareCatalog(contentsOf: catalog, strict: strict)
        let table = try HARPNOAATable(contentsOf: harpTable, strict: strict)
        let index = try ArchiveIndex(scanning: directory, options: indexOptions, progress: progress)
        let selection = try cuts?.apply(to: index, reader: indexOptions.reader)
        var kept = selection?.observations ?? index.observations
        var flux: LineOfSightFluxMeasurement?
        if measuresLineOfSightFlux {
            let measurement = LineOfSightFluxMeasurement(
                observations: kept, index: index, reader: indexOptions.reader,
                progressInterval: indexOptions.progressInterval, progress: fluxProgress)
            kept = measurement.observations
            flux = measurement
        }
        let manifest = try SampleLabeler(configuration: labeling).label(
            observations: kept, events: flares.events, map: table.map, allObservations: index.observations)
        return SampleIndexingResult(
            indexReport: index.report, selectionReport: selection?.report, manifest: manifest,
            catalogInvalidRows: flares.invalidRows, tableInvalidRows: table.invalidRows, fluxMeasurement: flux)
    }
}
