import Datasets
import Evaluation
import Foundation
import NeuralCore
import Resampling

/// `flarekit train` as a library call: the samples of a manifest through one paper's training
/// protocol, with weights, checkpoints, tables, figures, `summary.json` and `report.md` in one
/// run folder.
///
/// ```swift
/// var configuration = BhattacharjeeConfiguration()
/// configuration.inputSize = 64
/// let run = TrainingRun(protocol: .bhattacharjee(configuration), manifest: manifestURL)
/// let summary = try run.run(in: try RunFolder(at: outputURL))
/// ```
///
/// The folds (realisations) are independent pieces. ``execution`` trains only some of them
/// (Slurm array tasks sharing one run folder), resumes an interrupted run, or shares them out
/// among the ranks of a communicator; the process that finds every split finished assembles the
/// tables, figures and report, identical to those of a single process:
///
/// ```swift
/// var task = TrainingRun(protocol: .bhattacharjee(configuration), manifest: manifestURL)
/// task.execution.selection = [Int(ProcessInfo.processInfo.environment["SLURM_ARRAY_TASK_ID"]!)!]
/// switch try task.train(in: folder) {
/// case let .assembled(summary): print(summary.bhattacharjee?.trueSkillStatistic.mean ?? .nan)
/// case let .incomplete(status): print("still missing:", status.missing)   // a later task, or collect(in:), assembles
/// case .assembledElsewhere: break
/// }
/// ```
///
/// `training-run.json` in the run folder records the settings (and the `flarekit train`
/// arguments, ``arguments``); a process that would mix other settings into the folder is refused
/// with the differing settings named (with ``overwrite``, the folder is cleared first). Assembly holds `assembly.lock`, so two processes that
/// finish at once do not both write the report.
public struct TrainingRun {
    /// Which paper's protocol, with its settings.
    public enum TrainingProtocol {
        /// AR-grouped cross-validation of a CNN on single magnetograms.
        case bhattacharjee(BhattacharjeeConfiguration)
        /// Balanced realisations of an LRCN on videos (needs the SHARP folder).
        case guastavino(GuastavinoConfiguration)
        /// The same for several tasks in one run (the paper's C1+ and M1+), one subfolder each
        /// (`training-c1`, `training-m1`) and one `summary.json` key each (`guastavino_c1`, ...).
        case guastavinoTasks([GuastavinoConfiguration])
    }

    /// The protocol.
    public var trainingProtocol: TrainingProtocol
    /// The name the report and `summary.json` give the protocol (``TrainingProtocolName/flarekit``
    /// unless the settings are a paper preset); the departures from the paper are listed either way.
    public var protocolName: TrainingProtocolName = .flarekit
    /// The sample manifest (`flarekit index` writes one).
    public var manifest: URL
    /// The SHARP folder videos take their frames from (Guastavino protocol).
    public var sharpDirectory: URL?
    /// Index files of ``sharpDirectory`` that are not SHARP CEA line-of-sight magnetograms too
    /// (`ArchiveIndex.Options.acceptAnyImage`; default `false`: they are left out and listed).
    public var acceptAnyImage = false
    /// Progress lines.
    public var log: PipelineLog
    /// Which folds or realisations this process trains (0-based, the same for every task of a
    /// `guastavinoTasks` run and for the Hale/Joy retraining), resuming, and the ranks of a
    /// distributed run. Default: every split, in this process, from the start.
    public var execution = SplitExecution()
    /// The `flarekit train` arguments that rebuild this run (without `--output`, `--splits`,
    /// `--resume` and `--data-parallel`), stored in `training-run.json` so that `flarekit collect`
    /// can assemble the folder later. Empty for a run built in Swift.
    public var arguments: [String] = []
    /// Clear a run folder that holds another run (other settings in `training-run.json`, or
    /// another command's run) before training (`flarekit train --overwrite`); without it such a
    /// folder is refused (``RunFolder/claim(record:settings:stored:overwrite:)``). Not with a
    /// resume or a split selection, which add to the folder's run.
    public var overwrite = false

    /// Creates the run.
    public init(protocol trainingProtocol: TrainingProtocol, manifest: URL, sharpDirectory: URL? = nil, log: PipelineLog = .standardError) {
        self.trainingProtocol = trainingProtocol
        self.manifest = manifest
        self.sharpDirectory = sharpDirectory
        self.log = log
    }

    /// What ``train(in:)`` did.
    public enum Outcome {
        /// Every split is finished and this process wrote `summary.json` and `report.md` (the
        /// results and the `summary.json` object returned).
        case assembled(TrainingRunSummary)
        /// This process trained its share; the splits in ``SplitStatus/missing`` are not finished
        /// yet, so nothing was assembled (a later task does it, or ``collect(in:)``).
        case incomplete(SplitStatus)
        /// Another process assembles the run: rank 0 of a distributed run, or another task
        /// already assembling (its description).
        case assembledElsewhere(String)
    }

    /// Checks the settings and the split selection, before anything is written.
    /// - Throws: ``PipelinesError/invalidSetting(name:value:reason:)`` for a bad setting, a
    ///   selected split outside the run's folds or realisations, or a missing SHARP folder.
    public func validate() throws {
        if overwrite, execution.resume || execution.selection != nil {
            throw PipelinesError.invalidSetting(
                name: "overwrite", value: "true",
                reason: "clears the run folder, which a resume or the other splits' tasks add to: clear it once before them")
        }
        // `collect` (an empty selection) trains nothing: no training-memory check.
        let trains = execution.selection?.isEmpty != true
        switch trainingProtocol {
        case let .bhattacharjee(configuration):
            try configuration.validate(checkingTrainingMemory: trains)
            try execution.check(splitCount: configuration.repetitions, what: "folds")
        case let .guastavino(configuration):
            try validateGuastavino([configuration])
        case let .guastavinoTasks(configurations):
            try validateGuastavino(configurations)
        }
    }

    private func validateGuastavino(_ configurations: [GuastavinoConfiguration]) throws {
        guard sharpDirectory != nil else {
            throw PipelinesError.invalidSetting(
                name: "SHARP folder", value: "none", reason: "the Guastavino protocol builds videos from the SHARP files")
        }
        guard !configurations.isEmpty else {
            throw PipelinesError.invalidSetting(name: "Guastavino configurations", value: "none", reason: "give at least one")
        }
        for configuration in configurations {
            try configuration.validate(checkingTrainingMemory: execution.selection?.isEmpty != true)
            try execution.check(splitCount: configuration.realisations, what: "realisations")
        }
    }

    /// Every setting that decides the run folder's contents, by name: the protocol, the
    /// manifest and SHARP folder, and every setting of each configuration (prefixed
    /// `bhattacharjee.`, `guastavino.` or `guastavino_c1.`, ...).
    public var settings: NamedSettings {
        var settings = NamedSettings([
            "protocol": protocolName.rawValue, "manifest": manifest.standardizedFileURL.path,
            "SHARP folder": sharpDirectory?.standardizedFileURL.path ?? "none",
        ])
        switch trainingProtocol {
        case let .bhattacharjee(configuration):
            settings = settings.merging(configuration.recordedSettings(prefix: "bhattacharjee."))
        case let .guastavino(configuration):
            settings = settings.merging(configuration.recordedSettings(prefix: "guastavino."))
        case let .guastavinoTasks(configurations):
            for (configuration, key) in Self.keyed(configurations) {
                settings = settings.merging(configuration.recordedSettings(prefix: key + "."))
            }
        }
        return settings
    }

    /// Trains everything and writes everything into `run`; returns the results and the
    /// `summary.json` object (``TrainingRunSummary/jsonObject``), with
    /// the keys `protocol` (`paper` or `flarekit`), `departures` and `choices` (lists of `{setting,
    /// value, paper, reason}`), `inputs`, `manifest`, `label_rule`, `distributed` (`{ranks, mode}`),
    /// `wall_seconds` and the results (`bhattacharjee`, `guastavino`, or `guastavino_c1` and
    /// `guastavino_m1`). On a rank other than 0 of a distributed run it returns no results and
    /// an empty object (rank 0 writes the run folder).
    /// - Throws: ``PipelinesError`` (a missing SHARP folder for videos, too little data,
    ///   ``PipelinesError/incompleteRun(path:missing:)`` when ``execution`` leaves splits
    ///   unfinished) and the modules' typed errors.
    @discardableResult
    public func run(in run: RunFolder) throws -> TrainingRunSummary {
        switch try train(in: run) {
        case let .assembled(summary): return summary
        case let .incomplete(status): throw PipelinesError.incompleteRun(path: run.url.path, missing: status.missing)
        case .assembledElsewhere: return TrainingRunSummary(protocolName: protocolName)
        }
    }

    /// Assembles a run folder whose splits were trained by other processes (`flarekit collect`):
    /// trains nothing, and writes the tables, figures, `summary.json` and `report.md` once every
    /// split is finished.
    /// - Throws: ``PipelinesError/incompleteRun(path:missing:)`` naming every unfinished split;
    ///   ``PipelinesError/runFolderInUse(path:record:changes:)`` when `training-run.json` holds
    ///   other settings; `EvaluationError.settingsMismatch` naming a split's record written with
    ///   other settings, and the setting; `EvaluationError.locked` when another process
    ///   assembles the folder now (or was killed doing so: `SplitExecution.resume` takes its
    ///   lock over).
    @discardableResult
    public func collect(in run: RunFolder) throws -> TrainingRunSummary {
        var collecting = self
        collecting.execution.selection = []
        switch try collecting.train(in: run) {
        case let .assembled(summary): return summary
        case let .incomplete(status): throw PipelinesError.incompleteRun(path: run.url.path, missing: status.missing)
        case let .assembledElsewhere(who): throw PipelinesError.stageFailed(stage: "collect", reason: "\(who) assembles this run")
        }
    }

    /// Trains this process's share of the splits (``execution``) into `run` and, when every split
    /// is finished and this is rank 0, assembles the tables, figures, `summary.json` and
    /// `report.md` (see ``run(in:)``) under `assembly.lock`.
    ///
    /// A whole run in one process trains and assembles in one pass. Otherwise every process first
    /// trains its share; then the one (rank 0) that finds every split finished assembles from the
    /// records and weights on disk, and one that finds another process assembling already steps aside.
    /// - Throws: the errors of ``run(in:)`` but the incomplete run;
    ///   ``PipelinesError/runFolderInUse(path:record:changes:)`` when the folder holds another run
    ///   (other settings in `training-run.json`, or another command's run) and ``overwrite`` is
    ///   not set; ``PipelinesError/notARunFolder(path:entries:)`` for a non-empty folder with no
    ///   settings record; `EvaluationError.locked` naming the
    ///   owner of a split or of the assembly that another live process holds (or a killed one
    ///   held, unless resuming).
    public func train(in run: RunFolder) throws -> Outcome {
        try validate()
        let started = Date()
        let labelled = try SampleManifest(contentsOf: manifest, sharpDirectory: sharpDirectory)
        try labelled.checkMagnetograms(manifest: manifest, sharpDirectory: sharpDirectory)
        let communicator = execution.communicator
        _ = try communicator.decidedOnRoot { try self.claim(run) }
        let index = try sharpDirectory.flatMap { directory -> ArchiveIndex? in
            if case .bhattacharjee = trainingProtocol { return nil }
            return try ArchiveIndex(scanning: directory, options: .init(acceptAnyImage: acceptAnyImage))
        }
        let distributed: [String: Any] = ["ranks": communicator.size, "mode": execution.mode.rawValue]

        // A whole run in one process: train and assemble in one pass, under the assembly lock.
        if execution.selection == nil, communicator.size == 1 {
            guard let lock = try assemblyLock(run, stepsAside: false) else { return .assembledElsewhere("another process") }
            defer { lock.release() }
            return try assemble(labelled, index: index, run: run, execution: execution, distributed: distributed, started: started)
        }

        // Otherwise this process's share first, then (rank 0) the assembly from the records.
        var status = SplitStatus()
        for pipeline in try pipelines(execution: execution) {
            if case let .trained(share) = try pipeline.train(labelled.samples, index, run) { status = status + share }
        }
        guard communicator.isRoot else { return .assembledElsewhere("rank 0") }
        let collecting = execution.selection?.isEmpty == true
        guard status.isComplete else {
            if !collecting {
                log("train: trained here: " + (status.trained.isEmpty ? "none" : status.trained.joined(separator: ", "))
                    + (status.kept.isEmpty ? "" : "; kept: " + status.kept.joined(separator: ", ")))
                log("train: finished: \(status.present.count) of \(status.present.count + status.missing.count) splits; missing: "
                    + status.missing.joined(separator: ", ") + ". The last task to finish assembles the run; "
                    + "or, once they are all finished: flarekit collect \(run.url.path)")
            }
            return .incomplete(status)
        }
        guard let lock = try assemblyLock(run, stepsAside: !collecting) else {
            return .assembledElsewhere(LockFile.owner(at: run.url.appendingPathComponent(Self.assemblyLockName)).map { "\($0)" } ?? "another process")
        }
        defer { lock.release() }
        log("train: every split is finished: assembling \(run.url.path)")
        return try assemble(
            labelled, index: index, run: run, execution: SplitExecution(selection: []), distributed: distributed, started: started)
    }

    /// The name of the lock file held while a run folder is assembled.
    public static let assemblyLockName = "assembly.lock"

    /// Checks this run's settings against `training-run.json` and records them there (rank 0):
    /// only the same run (its other splits, a resume, an assembly, a rerun) writes into the
    /// folder; another is refused, or with ``overwrite`` cleared away first.
    private func claim(_ run: RunFolder) throws -> Bool {
        let stored = try TrainingRunRecord.read(from: run)
        let current = settings
        let same = stored.map { current.differences(from: $0.settings).isEmpty } == true
        // Starting the folder again (or clearing it) while another process works in it would
        // mix two runs: refused before anything is written.
        if execution.selection == nil && !execution.resume || !same, let (lock, owner) = Self.liveLock(in: run) {
            throw EvaluationError.locked(path: lock.path, owner: "\(owner)", stale: false)
        }
        try run.claim(record: TrainingRunRecord.fileName, settings: current, stored: stored?.settings, overwrite: overwrite)
        if same, execution.selection?.isEmpty == true { return true }   // assembling: the record stays as it is
        // A run built in Swift keeps the arguments a `flarekit train` of the same settings stored.
        let storedArguments = same ? stored?.arguments ?? [] : []
        try TrainingRunRecord(arguments: arguments.isEmpty ? storedArguments : arguments, settings: current).write(to: run)
        return true
    }

    /// A lock file (`*.lock`) in the run folder held by another process that still runs, if any.
    static func liveLock(in run: RunFolder) -> (URL, LockFile.Owner)? {
        guard let enumerator = FileManager.default.enumerator(at: run.url, includingPropertiesForKeys: nil) else { return nil }
        for case let url as URL in enumerator {
            if url.lastPathComponent == "cache" { enumerator.skipDescendants() }   // prepared inputs: their build locks are flocks
            guard url.pathExtension == "lock" else { continue }
            if let owner = LockFile.owner(at: url), owner.isRunning { return (url, owner) }
        }
        return nil
    }

    /// The assembly lock, or `nil` when another live process holds it and this one `stepsAside`.
    private func assemblyLock(_ run: RunFolder, stepsAside: Bool) throws -> LockFile? {
        let url = run.url.appendingPathComponent(Self.assemblyLockName)
        do {
            let lock = try LockFile.acquire(at: url, takingOverStale: execution.resume)
            if let stale = lock.tookOverFrom { log("train: stale assembly lock of \(stale), which no longer runs: taken over") }
            // The assembler owns the run's summary and report: temporaries a killed assembly left go.
            for name in ["summary.json", "report.md"] { removeAtomicWriteLeftovers(of: run.url.appendingPathComponent(name)) }
            return lock
        } catch let EvaluationError.locked(_, owner, stale) where stepsAside && !stale {
            log("train: \(owner) is assembling \(run.url.path) already: not assembling here")
            return nil
        }
    }

    /// Runs the pipelines (assembling them) and writes `summary.json` and `report.md`.
    private func assemble(
        _ labelled: SampleManifest, index: ArchiveIndex?, run: RunFolder, execution: SplitExecution,
        distributed: [String: Any], started: Date
    ) throws -> Outcome {
        let samples = labelled.samples
        let rule = labelled.configuration.flaringRegion
        log("train: \(samples.count) samples from \(manifest.path), protocol \(protocolName.rawValue)")
        var report = MarkdownReport(title: "FlareKit training run")
        report.paragraph("Samples: `\(manifest.path)` (\(samples.count)). Run folder: `\(run.url.path)`.")
        report.paragraph("Label rule of the manifest: \(rule.summary).")
        var summary: [String: Any] = ["protocol": protocolName.rawValue]
        var results = TrainingRunSummary(protocolName: protocolName)
        switch trainingProtocol {
        case let .bhattacharjee(configuration):
            let result: BhattacharjeeResult
            switch try bhattacharjeePipeline(configuration, execution: execution).train(samples: samples, in: run) {
            case let .assembled(assembled): result = assembled
            case let .trained(status): return .incomplete(status)
            }
            report.paragraph("Protocol: Bhattacharjee et al. (2020), \(protocolName.rawValue) settings; loss \(configuration.loss), "
                + "optimizer \(configuration.optimizer), \(configuration.epochs) epochs of \(configuration.batchSize), "
                + "seed \(configuration.seed). "
                + Self.inputs(configuration.preprocessing, configuration.interpolation, size: configuration.inputSize))
            Self.record(departures: configuration.departuresFromPaper, choices: configuration.paperChoices, report: &report, summary: &summary)
            summary["inputs"] = Self.inputsObject(configuration.preprocessing, configuration.interpolation, size: configuration.inputSize)
            result.reportSection(into: &report)
            summary["bhattacharjee"] = result.jsonObject
            results.bhattacharjee = result
        case let .guastavino(configuration):
            if let status = try assembleGuastavino([configuration], samples: samples, index: index, run: run, execution: execution,
                                                   report: &report, summary: &summary, results: &results.guastavino) {
                return .incomplete(status)
            }
        case let .guastavinoTasks(configurations):
            if let status = try assembleGuastavino(configurations, samples: samples, index: index, run: run, execution: execution,
                                                   report: &report, summary: &summary, results: &results.guastavino) {
                return .incomplete(status)
            }
        }
        summary["manifest"] = manifest.path
        summary["label_rule"] = rule.rule.rawValue
        summary["distributed"] = distributed
        summary["wall_seconds"] = Date().timeIntervalSince(started)
        try run.write(jsonObject: summary, to: "summary.json")
        try run.write(text: report.text, to: "report.md")
        results.jsonObject = summary
        return .assembled(results)
    }

    /// The Guastavino protocol for one configuration (`training/`, key `guastavino`) or several
    /// tasks (`training-c1/`, key `guastavino_c1`, ...); the status when a split is missing.
    private func assembleGuastavino(
        _ configurations: [GuastavinoConfiguration], samples: [LabeledSample], index: ArchiveIndex?, run: RunFolder,
        execution: SplitExecution, report: inout MarkdownReport, summary: inout [String: Any], results: inout [GuastavinoResult]
    ) throws -> SplitStatus? {
        guard let index, let first = configurations.first else {
            throw PipelinesError.invalidSetting(
                name: "SHARP folder", value: "none", reason: "the Guastavino protocol builds videos from the SHARP files")
        }
        report.paragraph("Protocol: Guastavino et al. (2022), \(protocolName.rawValue) settings; loss \(first.loss), "
            + "optimizer \(first.optimizer), \(first.epochs) epochs of \(first.batchSize), seed \(first.seed); task"
            + (configurations.count == 1 ? " " : "s ") + configurations.map(\.task.rawValue).joined(separator: " and ") + ". "
            + Self.inputs(first.preprocessing, first.interpolation, size: first.frameSize))
        Self.record(departures: first.departuresFromPaper, choices: first.paperChoices, report: &report, summary: &summary)
        summary["inputs"] = Self.inputsObject(first.preprocessing, first.interpolation, size: first.frameSize)
        for (configuration, key) in Self.keyed(configurations) {
            switch try guastavinoPipeline(configuration, key: key, execution: execution)
                .train(samples: samples, archive: index.observations, in: run) {
            case let .assembled(result):
                result.reportSection(into: &report)
                summary[key] = result.jsonObject
                results.append(result)
            case let .trained(status):
                return status
            }
        }
        return nil
    }

    /// Each configuration with its `summary.json` key: `guastavino` alone, `guastavino_c1` and
    /// `guastavino_m1` for several tasks.
    static func keyed(_ configurations: [GuastavinoConfiguration]) -> [(GuastavinoConfiguration, String)] {
        configurations.map { configuration in
            (configuration, configurations.count > 1 ? "guastavino_" + (configuration.task == .c1 ? "c1" : "m1") : "guastavino")
        }
    }

    /// What every weight file of this run records of the run: the manifest and the protocol's name.
    private func weightProvenance() throws -> [String: String] {
        try WeightProvenance.entries(manifest: manifest).merging(["protocol_preset": protocolName.rawValue]) { $1 }
    }

    /// The Bhattacharjee pipeline, in `training/`.
    private func bhattacharjeePipeline(_ configuration: BhattacharjeeConfiguration, execution: SplitExecution) throws -> BhattacharjeePipeline {
        var pipeline = BhattacharjeePipeline(configuration: configuration, log: log)
        pipeline.provenance = try weightProvenance()
        pipeline.subfolder = "training"
        pipeline.execution = execution
        return pipeline
    }

    /// The Guastavino pipeline of one configuration, in `training/` or `training-c1/`, ... (from its key).
    private func guastavinoPipeline(_ configuration: GuastavinoConfiguration, key: String, execution: SplitExecution) throws -> GuastavinoPipeline {
        var pipeline = GuastavinoPipeline(configuration: configuration, log: log)
        pipeline.provenance = try weightProvenance()
        pipeline.subfolder = key == "guastavino" ? "training" : "training-" + key.dropFirst("guastavino_".count)
        pipeline.execution = execution
        return pipeline
    }

    /// One pipeline's training step, whatever the protocol.
    private struct PipelineStep {
        var train: (_ samples: [LabeledSample], _ index: ArchiveIndex?, _ run: RunFolder) throws -> PipelineOutcome<Void>
    }

    /// The pipelines of this run, each training its share under `execution` without assembling.
    private func pipelines(execution: SplitExecution) throws -> [PipelineStep] {
        switch trainingProtocol {
        case let .bhattacharjee(configuration):
            var pipeline = try bhattacharjeePipeline(configuration, execution: execution)
            pipeline.assembles = false
            return [PipelineStep { samples, _, run in try pipeline.train(samples: samples, in: run).withoutResult }]
        case let .guastavino(configuration):
            return try guastavinoSteps([configuration], execution: execution)
        case let .guastavinoTasks(configurations):
            return try guastavinoSteps(configurations, execution: execution)
        }
    }

    private func guastavinoSteps(_ configurations: [GuastavinoConfiguration], execution: SplitExecution) throws -> [PipelineStep] {
        try Self.keyed(configurations).map { configuration, key in
            var pipeline = try guastavinoPipeline(configuration, key: key, execution: execution)
            pipeline.assembles = false
            return PipelineStep { samples, index, run in
                guard let index else {
                    throw PipelinesError.invalidSetting(
                        name: "SHARP folder", value: "none", reason: "the Guastavino protocol builds videos from the SHARP files")
                }
                return try pipeline.train(samples: samples, archive: index.observations, in: run).withoutResult
            }
        }
    }

    /// The departures from the paper and the choices where it is silent, in the report and the summary.
    static func record(
        departures: [ProtocolNote], choices: [ProtocolNote], report: inout MarkdownReport, summary: inout [String: Any]
    ) {
        report.paragraph(departures.isEmpty
            ? "Every setting is the paper's."
            : "Departures from the paper (\(departures.count)):")
        if !departures.isEmpty { report.bullets(departures.map(\.sentence)) }
        report.paragraph("Choices where the paper is silent:")
        report.bullets(choices.map(\.sentence))
        summary["departures"] = departures.map(\.jsonObject)
        summary["choices"] = choices.map(\.jsonObject)
    }

    /// One sentence on how magnetograms became inputs.
    static func inputs(_ preprocessing: InputPreprocessing, _ interpolation: ResizeMethod, size: Int) -> String {
        let clip = preprocessing.clip.map { "clipped at ±\(Int($0)) G" } ?? "not clipped"
        return "Inputs: NaN to \(preprocessing.nanFill), \(interpolation.rawValue) resize to \(size) × \(size), "
            + "\(clip), scaled by \(preprocessing.scale)."
    }

    /// The same for `summary.json`: `interpolation`, `size`, `clip_gauss` (null: none), `scale`.
    static func inputsObject(_ preprocessing: InputPreprocessing, _ interpolation: ResizeMethod, size: Int) -> [String: Any] {
        ["interpolation": interpolation.rawValue, "size": size, "clip_gauss": preprocessing.clip.map { Double($0) as Any } ?? NSNull(),
         "scale": Double(preprocessing.scale)]
    }
}
