import Datasets
import Foundation
import NeuralCore

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
    /// Progress lines.
    public var log: PipelineLog

    /// Creates the run.
    public init(protocol trainingProtocol: TrainingProtocol, manifest: URL, sharpDirectory: URL? = nil, log: PipelineLog = .standardError) {
        self.trainingProtocol = trainingProtocol
        self.manifest = manifest
        self.sharpDirectory = sharpDirectory
        self.log = log
    }

    /// Trains and writes everything into `run`; returns the `summary.json` object, with the keys
    /// `protocol` (`paper` or `flarekit`), `departures` and `choices` (lists of `{setting, value,
    /// paper, reason}`), `inputs`, `manifest`, `label_rule`, `wall_seconds` and the results
    /// (`bhattacharjee`, `guastavino`, or `guastavino_c1` and `guastavino_m1`).
    /// - Throws: ``PipelinesError`` (a missing SHARP folder for videos, too little data) and the
    ///   modules' typed errors.
    @discardableResult
    public func run(in run: RunFolder) throws -> [String: Any] {
        let started = Date()
        let labelled = try SampleManifest(contentsOf: manifest)
        let samples = labelled.samples
        let rule = labelled.configuration.flaringRegion
        log("train: \(samples.count) samples from \(manifest.path), protocol \(protocolName.rawValue)")
        var report = MarkdownReport(title: "FlareKit training run")
        report.paragraph("Samples: `\(manifest.path)` (\(samples.count)). Run folder: `\(run.url.path)`.")
        report.paragraph("Label rule of the manifest: \(rule.summary).")
        var summary: [String: Any] = ["protocol": protocolName.rawValue]
        switch trainingProtocol {
        case let .bhattacharjee(configuration):
            var pipeline = BhattacharjeePipeline(configuration: configuration, log: log)
            pipeline.subfolder = "training"
            let result = try pipeline.run(samples: samples, in: run)
            report.paragraph("Protocol: Bhattacharjee et al. (2020), \(protocolName.rawValue) settings; loss \(configuration.loss), "
                + "optimizer \(configuration.optimizer), \(configuration.epochs) epochs of \(configuration.batchSize), "
                + "seed \(configuration.seed). "
                + Self.inputs(configuration.preprocessing, configuration.interpolation, size: configuration.inputSize))
            Self.record(departures: configuration.departuresFromPaper, choices: configuration.paperChoices, report: &report, summary: &summary)
            summary["inputs"] = Self.inputsObject(configuration.preprocessing, configuration.interpolation, size: configuration.inputSize)
            result.reportSection(into: &report)
            summary["bhattacharjee"] = result.jsonObject
        case let .guastavino(configuration):
            try runGuastavino([configuration], samples: samples, run: run, report: &report, summary: &summary)
        case let .guastavinoTasks(configurations):
            try runGuastavino(configurations, samples: samples, run: run, report: &report, summary: &summary)
        }
        summary["manifest"] = manifest.path
        summary["label_rule"] = rule.rule.rawValue
        summary["wall_seconds"] = Date().timeIntervalSince(started)
        try run.write(jsonObject: summary, to: "summary.json")
        try run.write(text: report.text, to: "report.md")
        return summary
    }

    /// The Guastavino protocol for one configuration (`training/`, key `guastavino`) or several
    /// tasks (`training-c1/`, key `guastavino_c1`, ...).
    private func runGuastavino(
        _ configurations: [GuastavinoConfiguration], samples: [LabeledSample], run: RunFolder,
        report: inout MarkdownReport, summary: inout [String: Any]
    ) throws {
        guard let sharpDirectory else {
            throw PipelinesError.invalidSetting(
                name: "SHARP folder", value: "none", reason: "the Guastavino protocol builds videos from the SHARP files")
        }
        guard let first = configurations.first else {
            throw PipelinesError.invalidSetting(name: "Guastavino configurations", value: "none", reason: "give at least one")
        }
        let index = try ArchiveIndex(scanning: sharpDirectory)
        report.paragraph("Protocol: Guastavino et al. (2022), \(protocolName.rawValue) settings; loss \(first.loss), "
            + "optimizer \(first.optimizer), \(first.epochs) epochs of \(first.batchSize), seed \(first.seed); task"
            + (configurations.count == 1 ? " " : "s ") + configurations.map(\.task.rawValue).joined(separator: " and ") + ". "
            + Self.inputs(first.preprocessing, first.interpolation, size: first.frameSize))
        Self.record(departures: first.departuresFromPaper, choices: first.paperChoices, report: &report, summary: &summary)
        summary["inputs"] = Self.inputsObject(first.preprocessing, first.interpolation, size: first.frameSize)
        for configuration in configurations {
            var pipeline = GuastavinoPipeline(configuration: configuration, log: log)
            let several = configurations.count > 1
            let slug = configuration.task == .c1 ? "c1" : "m1"
            pipeline.subfolder = several ? "training-\(slug)" : "training"
            let result = try pipeline.run(samples: samples, archive: index.observations, in: run)
            result.reportSection(into: &report)
            summary[several ? "guastavino_\(slug)" : "guastavino"] = result.jsonObject
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
    static func inputs(_ preprocessing: InputPreprocessing, _ interpolation: InputGeometry.Interpolation, size: Int) -> String {
        let clip = preprocessing.clip.map { "clipped at ±\(Int($0)) G" } ?? "not clipped"
        return "Inputs: NaN to \(preprocessing.nanFill), \(interpolation.rawValue) resize to \(size) × \(size), "
            + "\(clip), scaled by \(preprocessing.scale)."
    }

    /// The same for `summary.json`: `interpolation`, `size`, `clip_gauss` (null: none), `scale`.
    static func inputsObject(_ preprocessing: InputPreprocessing, _ interpolation: InputGeometry.Interpolation, size: Int) -> [String: Any] {
        ["interpolation": interpolation.rawValue, "size": size, "clip_gauss": preprocessing.clip.map { Double($0) as Any } ?? NSNull(),
         "scale": Double(preprocessing.scale)]
    }
}
