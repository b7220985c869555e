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
    }

    /// The protocol.
    public var trainingProtocol: TrainingProtocol
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

    /// Trains and writes everything into `run`; returns the `summary.json` object.
    /// - Throws: ``PipelinesError`` (a missing SHARP folder for videos, too little data) and the
    ///   modules' typed errors.
    @discardableResult
    public func run(in run: RunFolder) throws -> [String: Any] {
        let started = Date()
        let labelled = try SampleManifest(contentsOf: manifest)
        let samples = labelled.samples
        let rule = labelled.configuration.flaringRegion
        log("train: \(samples.count) samples from \(manifest.path)")
        var report = MarkdownReport(title: "FlareKit training run")
        report.paragraph("Samples: `\(manifest.path)` (\(samples.count)). Run folder: `\(run.url.path)`.")
        report.paragraph("Label rule of the manifest: \(rule.summary).")
        var summary: [String: Any] = [:]
        switch trainingProtocol {
        case let .bhattacharjee(configuration):
            var pipeline = BhattacharjeePipeline(configuration: configuration, log: log)
            pipeline.subfolder = "training"
            let result = try pipeline.run(samples: samples, in: run)
            report.paragraph("Protocol: Bhattacharjee et al. (2020); loss \(configuration.loss), optimizer \(configuration.optimizer), "
                + "\(configuration.epochs) epochs of \(configuration.batchSize), seed \(configuration.seed). "
                + Self.inputs(configuration.preprocessing, configuration.interpolation, size: configuration.inputSize))
            summary["inputs"] = Self.inputsObject(configuration.preprocessing, configuration.interpolation, size: configuration.inputSize)
            result.reportSection(into: &report)
            summary["bhattacharjee"] = result.jsonObject
        case let .guastavino(configuration):
            guard let sharpDirectory else {
                throw PipelinesError.invalidSetting(
                    name: "SHARP folder", value: "none", reason: "the Guastavino protocol builds videos from the SHARP files")
            }
            let index = try ArchiveIndex(scanning: sharpDirectory)
            var pipeline = GuastavinoPipeline(configuration: configuration, log: log)
            pipeline.subfolder = "training"
            let result = try pipeline.run(samples: samples, archive: index.observations, in: run)
            report.paragraph("Protocol: Guastavino et al. (2022); loss \(configuration.loss), optimizer \(configuration.optimizer), "
                + "\(configuration.epochs) epochs of \(configuration.batchSize), seed \(configuration.seed). "
                + Self.inputs(configuration.preprocessing, configuration.interpolation, size: configuration.frameSize))
            summary["inputs"] = Self.inputsObject(configuration.preprocessing, configuration.interpolation, size: configuration.frameSize)
            result.reportSection(into: &report)
            summary["guastavino"] = result.jsonObject
        }
        summary["manifest"] = manifest.path
        summary["label_rule"] = rule.rule.rawValue
        summary["wall_seconds"] = Date().timeIntervalSince(started)
        try run.write(jsonObject: summary, to: "summary.json")
        try run.write(text: report.text, to: "report.md")
        return summary
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
