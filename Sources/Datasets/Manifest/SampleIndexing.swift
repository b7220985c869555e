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
    ///
    /// Two outcomes that would otherwise give an empty or meaningless manifest are reported in
    /// ``SampleIndexingResult/warnings`` (and are errors in strict mode): a HARP-to-NOAA table
    /// without a single HARP line (zero bytes or a header only: no flare can be attributed to
    /// a region, so every region comes out nonflaring), and a run that keeps no sample (with
    /// why: no file read, which cut removed them, which fluxes could not be measured).
    /// - Throws: ``DatasetsError`` for a missing folder, an unreadable or (in strict mode)
    ///   malformed or empty catalogue or table, in strict mode
    ///   ``DatasetsError/insufficientData(_:)`` when no sample is kept, or a bad cut or
    ///   labelling setting.
    public func run(
        directory: URL, catalog: URL, harpTable: URL, progress: ((_ done: Int, _ total: Int) -> Void)? = nil,
        fluxProgress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> SampleIndexingResult {
        // The small files first, so that a bad catalogue fails before a long scan.
        let flares = try FlareCatalog(contentsOf: catalog, strict: strict)
        let table = try HARPNOAATable(contentsOf: harpTable, strict: strict)
        var warnings: [String] = []
        if table.map.regionsByHARP.isEmpty {
            let problem = "holds no HARP line (\(table.invalidRows.count) unreadable): no flare can be attributed to any region, "
                + "so every sample would be labelled nonflaring"
            if strict { throw DatasetsError.file(path: harpTable.path, reason: problem) }
            warnings.append("\(harpTable.path): \(problem)")
        }
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
        var manifest = try SampleLabeler(configuration: labeling).label(
            observations: kept, events: flares.events, map: table.map, allObservations: index.observations)
        manifest.sharpDirectory = directory.standardizedFileURL.path
        var result = SampleIndexingResult(
            indexReport: index.report, selectionReport: selection?.report, manifest: manifest,
            catalogInvalidRows: flares.invalidRows, tableInvalidRows: table.invalidRows, fluxMeasurement: flux)
        if manifest.samples.isEmpty {
            let why = "\(directory.path): no sample kept: " + result.whyNoSample
            if strict { throw DatasetsError.insufficientData(why) }
            warnings.append(why)
        }
        result.warnings = warnings
        return result
    }
}
