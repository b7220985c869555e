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

    /// The counts `flarekit index` prints.
    public var summary: SampleIndexingSummary { SampleIndexingSummary(self) }
}
