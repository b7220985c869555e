import Foundation

/// What ``SampleIndexing/run(directory:catalog:harpTable:progress:)`` produced: the manifest
/// and the report of every step.
public struct SampleIndexingResult: Sendable {
    /// What the folder scan did (files, failures, cache).
    public var indexReport: ArchiveIndexReport
    /// What the selection cuts removed (`nil` when the cuts were skipped).
    public var selectionReport: SelectionReport?
    /// The labelled samples.
    public var manifest: SampleManifest
    /// Catalogue rows that could not be read (always empty in strict mode).
    public var catalogInvalidRows: [FlareCatalog.InvalidRow]
    /// HARP table lines that could not be read (always empty in strict mode).
    public var tableInvalidRows: [FlareCatalog.InvalidRow]
    /// The line-of-sight flux measurement of the kept magnetograms (`nil` when skipped).
    public var fluxMeasurement: LineOfSightFluxMeasurement?
    /// What makes the manifest doubtful though the run went through (errors in strict mode):
    /// an empty HARP-to-NOAA table, no sample kept (with why). Empty when all is well.
    public var warnings: [String] = []

    /// Creates a result.
    public init(
        indexReport: ArchiveIndexReport, selectionReport: SelectionReport?, manifest: SampleManifest,
        catalogInvalidRows: [FlareCatalog.InvalidRow] = [], tableInvalidRows: [FlareCatalog.InvalidRow] = [],
        fluxMeasurement: LineOfSightFluxMeasurement? = nil
    ) {
        self.indexReport = indexReport
        self.selectionReport = selectionReport
        self.manifest = manifest
        self.catalogInvalidRows = catalogInvalidRows
        self.tableInvalidRows = tableInvalidRows
        self.fluxMeasurement = fluxMeasurement
    }

    /// Where the observations went when none became a sample: files found and unreadable, each
    /// cut's removals, unreadable fluxes.
    public var whyNoSample: String {
        let files = indexReport.magnetogramFiles, unreadable = indexReport.failures.count
        if files == 0 { return "the folder holds no SHARP CEA magnetogram (hmi.sharp_cea_720s.*.magnetogram.fits)" }
        if files == unreadable { return "all \(files) magnetogram files are unreadable" }
        var parts = ["\(files - unreadable) of \(files) magnetogram files read"]
        if let selectionReport {
            let removals = selectionReport.cuts.filter { $0.removed > 0 }
                .map { "\($0.cut) removed \($0.removed)" + ($0.removedForMissingValue > 0 ? " (\($0.removedForMissingValue) lacking the value)" : "") }
            parts.append("the selection cuts kept \(selectionReport.kept) of \(selectionReport.input) observations"
                + (removals.isEmpty ? "" : " (" + removals.joined(separator: ", ") + ")"))
        }
        if let fluxMeasurement, !fluxMeasurement.failures.isEmpty {
            parts.append("\(fluxMeasurement.failures.count) magnetograms' pixels unreadable")
        }
        return parts.joined(separator: "; ")
    }

    /// The counts `flarekit index` prints.
    public var summary: SampleIndexingSummary { SampleIndexingSummary(self) }
}
