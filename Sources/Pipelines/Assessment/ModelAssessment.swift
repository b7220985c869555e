import Datasets
import Evaluation
import Foundation
import Losses

/// `flarekit evaluate` as a library call: one or several trained models on the samples of a
/// manifest, each scored on its own and as the median ensemble, with recall versus time to
/// flare, the flux-binned outputs, ROC and reliability, and per-class rates.
///
/// ```swift
/// var assessment = ModelAssessment(weights: foldWeights)
/// assessment.sharpDirectory = sharpFolder          // only needed for LRCN videos
/// let result = try assessment.run(samples: manifest.samples, in: try RunFolder(at: outputURL))
/// print(result.perModel.map(\.trueSkillStatistic), result.ensemble.trueSkillStatistic)
/// ```
///
/// Files written under ``subfolder``: `predictions.json`/`.csv`, `scores.json`/`.csv`,
/// `recall_vs_time_to_flare.*`, `flux_by_output.*`, `roc.*`, `reliability.*`, `class_rates.*`
/// and their SVG figures, and `report.md` at the run folder's top.
public struct ModelAssessment {
    /// The weight files (each carries its architecture and preprocessing).
    public var weights: [URL]
    /// The decision threshold (p >= t means flaring).
    public var threshold: Double = 0.5
    /// The SHARP folder videos are built from (LRCN models only).
    public var sharpDirectory: URL?
    /// What the samples are called in errors: the manifest's path, say.
    public var samplesName = "manifest"
    /// Batch size, video cadence, the label to score (`nil`: the one the weight files record;
    /// ``EnsembleAgreement``) and loading.
    public var prediction = EnsemblePredictionConfiguration()
    /// The folder inside the run folder that receives the files ("" for the top).
    public var subfolder = ""
    /// Progress lines.
    public var log: PipelineLog

    /// Assesses the models in `weights`.
    public init(weights: [URL], log: PipelineLog = .standardError) {
        self.weights = weights
        self.log = log
    }

    /// Predicts every sample with every model and writes the scores and figures into `run`.
    /// - Throws: ``PipelinesError`` when no sample could be predicted (naming why), the samples
    ///   hold one class only, or the weight files disagree with each other or with the
    ///   configuration (``EnsembleAgreement``), and the modules' typed errors for unreadable weights or files.
    public func run(samples: [LabeledSample], in run: RunFolder) throws -> ModelAssessmentResult {
        guard !weights.isEmpty else { throw PipelinesError.invalidSetting(name: "weights", value: "none", reason: "give at least one") }
        var predictor = try EnsemblePredictor(weights: weights, configuration: prediction)
        let log = self.log
        predictor.inputCache = try PreparedDataSetCache(
            directory: run.url.appendingPathComponent("cache/inputs"), log: { log("evaluate: " + $0) })
        let archive = try sharpDirectory.flatMap { folder -> ArchiveIndex? in
            predictor.members.contains(where: { $0.frameCount != nil }) ? try ArchiveIndex(scanning: folder, options: .init(acceptAnyImage: self.prediction.acceptAnyImage)) : nil
        }
        log("evaluate: \(samples.count) samples x \(weights.count) model\(weights.count == 1 ? "" : "s"), "
            + "scored on the \(predictor.agreement.target) label")
        for note in predictor.agreement.notes { log("evaluate: note: \(note)") }
        var lastReported = -1
        let prediction = try predictor.predict(.samples(samples, archive: archive, name: samplesName)) { done, total in
            let decile = total > 0 ? done * 10 / total : 10
            if decile != lastReported {
                lastReported = decile
                log("evaluate: \(done)/\(total) samples")
            }
        }
        guard !prediction.samples.isEmpty else {
            throw PipelinesError.insufficientData(
                stage: "evaluate", reason: "no sample could be predicted (\(prediction.skipped.count) skipped)")
        }
        if let summary = prediction.skippedSummary { log("evaluate: warning: \(summary) (see predictions.json)") }
        let folder = subfolder.isEmpty ? "" : subfolder + "/"
        try prediction.writeJSON(to: try run.file(folder + "predictions.json"))
        try prediction.writeCSV(to: try run.file(folder + "predictions.csv"), threshold: threshold)
        let predictedIndices = prediction.samples.compactMap(\.sampleIndex)
        var withFlux = samples
        let measured = try LineOfSightFluxMeasurement.filling(predictedIndices.map { samples[$0] }) { done, total in
            log("evaluate: line-of-sight flux of samples the manifest lacks it for: \(done)/\(total)")
        }
        for (index, sample) in zip(predictedIndices, measured) { withFlux[index] = sample }
        let result = try ModelAssessmentResult(
            prediction: prediction, samples: withFlux, target: predictor.agreement.target, threshold: threshold, folder: folder)
        try result.write(into: run)
        return result
    }
}
