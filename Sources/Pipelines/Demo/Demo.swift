import Datasets
import Evaluation
import Foundation

/// `flarekit demo` as a library call: generates the synthetic archive, indexes, cuts and labels
/// it as real data, runs both papers' pipelines and writes `report.md` and `summary.json`.
///
/// ```swift
/// let run = try RunFolder(at: URL(fileURLWithPath: "demo-run"))
/// let result = try Demo(configuration: DemoConfiguration()).run(in: run)
/// print(result.summaryPath, result.bhattacharjee?.trueSkillStatistic.mean ?? .nan)
/// ```
///
/// `summary.json` holds at least
/// `{"bhattacharjee": {"tss_mean", "tss_std", "folds"}, "guastavino": {"tss_mean", "tss_std", "realisations"}, "wall_seconds"}`.
public struct Demo {
    /// The sizes of every stage.
    public var configuration: DemoConfiguration
    /// Where the archive is generated (`nil`: `<run>/archive`). An existing archive generated
    /// with the same configuration is reused.
    public var archiveDirectory: URL?
    /// Progress lines.
    public var log: PipelineLog
    /// Resume an interrupted demo (`flarekit demo --resume`): the folds and realisations
    /// finished are kept and an interrupted one continues from its checkpoint (taking over the
    /// lock its killed process left), as ``TrainingRun`` resumes (``SplitExecution/resume``).
    /// Without it every stage runs again. With or without it, a run folder started with other
    /// settings is refused, naming them (`demo-run.json`), before anything is written.
    public var resume = false
    /// Clear a run folder that holds another run (other settings, or another command's run)
    /// before starting (`flarekit demo --overwrite`); without it such a folder is refused
    /// (``RunFolder/claim(record:settings:stored:overwrite:)``). Not with ``resume``.
    public var overwrite = false

    /// The demo's settings record in its run folder (checked by ``resume``).
    public static let settingsFileName = "demo-run.json"

    /// Every setting of the demo by name (`archive.`, `bhattacharjee.` and `guastavino.`
    /// prefixes, which pipelines run, and the archive folder).
    public func settings(in run: RunFolder) -> NamedSettings {
        NamedSettings([
            "runs Bhattacharjee": "\(configuration.runsBhattacharjee)", "runs Guastavino": "\(configuration.runsGuastavino)",
            "archive folder": (archiveDirectory ?? run.url.appendingPathComponent("archive")).standardizedFileURL.path,
        ])
        .merging(NamedSettings(describing: configuration.archive, prefix: "archive."))
        .merging(configuration.bhattacharjee.recordedSettings(prefix: "bhattacharjee."))
        .merging(configuration.guastavino.recordedSettings(prefix: "guastavino."))
    }

    /// Creates the demo.
    public init(configuration: DemoConfiguration = DemoConfiguration(), log: PipelineLog = .standardError) {
        self.configuration = configuration
        self.log = log
    }

    /// Runs every stage into `run`.
    /// - Throws: ``PipelinesError`` and the modules' typed errors.
    public func run(in run: RunFolder) throws -> DemoResult {
        // The settings first (sizes, memory), before anything is written or generated.
        if configuration.runsBhattacharjee { try configuration.bhattacharjee.validate() }
        if configuration.runsGuastavino { try configuration.guastavino.validate() }
        if overwrite, resume {
            throw PipelinesError.invalidSetting(name: "overwrite", value: "true", reason: "clears the run a resume continues: give one of them")
        }
        try RunSettingsRecord.claim(settings(in: run), file: Self.settingsFileName, in: run, overwrite: overwrite)
        let started = Date()
        let folder = archiveDirectory ?? run.url.appendingPathComponent("archive")

        // 1. The archive (reused when it was generated with this configuration).
        let archive = try SyntheticArchiveStage(configuration: configuration.archive, directory: folder, log: log).prepare()

        // 2. Index, cuts and labels, exactly as for downloaded data.
        log("demo: indexing \(archive.magnetogramFiles) headers")
        let catalog = try FlareCatalog(contentsOf: URL(fileURLWithPath: archive.flareCatalogPath))
        let table = try HARPNOAATable(contentsOf: URL(fileURLWithPath: archive.harpTablePath))
        let index = try ArchiveIndex(scanning: URL(fileURLWithPath: archive.magnetogramFolder))
        let selection = try SelectionCuts().apply(to: index)
        let flux = LineOfSightFluxMeasurement(observations: selection.observations, index: index)
        if let failure = flux.failures.first {
            throw DatasetsError.file(path: failure.path, reason: "its pixels cannot be read: \(failure.reason)")
        }
        let labeler = SampleLabeler()
        var manifest = try labeler.label(
            observations: flux.observations, events: catalog.events, map: table.map, allObservations: index.observations)
        manifest.sharpDirectory = URL(fileURLWithPath: archive.magnetogramFolder).standardizedFileURL.path
        try manifest.write(to: try run.file("manifest.json"))
        log("demo: \(index.observations.count) observations, \(selection.observations.count) after the cuts; "
            + "\(manifest.report.flaringRegionCount) flaring and \(manifest.report.nonflaringRegionCount) nonflaring regions")
        let inputs = DemoResult.Inputs(
            archiveDirectory: archive.directory, magnetogramFiles: archive.magnetogramFiles, archiveBytes: archive.totalBytes,
            flares: archive.flares, observations: index.observations.count, selected: selection.observations.count,
            flaringRegions: manifest.report.flaringRegionCount, nonflaringRegions: manifest.report.nonflaringRegionCount,
            sampleClasses: Dictionary(grouping: manifest.samples, by: { $0.sampleClass.rawValue }).mapValues(\.count),
            labelRule: labeler.configuration.flaringRegion.summary)

        // 3. The two pipelines.
        var result = DemoResult(inputs: inputs)
        if configuration.runsBhattacharjee {
            var pipeline = BhattacharjeePipeline(configuration: configuration.bhattacharjee, log: log)
            pipeline.cacheDirectory = run.url.appendingPathComponent("cache/inputs")
            pipeline.execution.resume = resume
            result.bhattacharjee = try pipeline.run(samples: manifest.samples, in: run)
        }
        if configuration.runsGuastavino {
            var pipeline = GuastavinoPipeline(configuration: configuration.guastavino, log: log)
            pipeline.cacheDirectory = run.url.appendingPathComponent("cache/frames")
            pipeline.execution.resume = resume
            result.guastavino = try pipeline.run(samples: manifest.samples, archive: index.observations, in: run)
        }

        // 4. Summary and report.
        result.wallSeconds = Date().timeIntervalSince(started)
        try run.write(jsonObject: result.summaryObject, to: "summary.json")
        try run.write(text: result.report().text, to: "report.md")
        result.reportPath = run.url.appendingPathComponent("report.md").path
        result.summaryPath = run.url.appendingPathComponent("summary.json").path
        return result
    }
}
