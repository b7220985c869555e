import Datasets
import Evaluation
import Foundation
import Losses

/// The scores of ``ModelAssessment``: one row per model and one for the median ensemble, and
/// the analyses of the papers' figures.
public struct ModelAssessmentResult {
    /// One model's (or the ensemble's) scores at the threshold.
    public struct Scores: Sendable, Hashable {
        /// The weight file, or `median` for the ensemble.
        public var name: String
        public var confusion: ConfusionMatrix
        public var trueSkillStatistic: Double?
        public var heidkeSkillScore: Double?
        public var recall: Double?
        public var areaUnderROC: Double?
        public var brierSkillScore: Double?
    }

    /// Each model's scores, in the order given.
    public var perModel: [Scores]
    /// The median ensemble's scores.
    public var ensemble: Scores
    /// TSS over the models (mean, std, quartiles).
    public var trueSkillStatistic: SummaryStatistics?
    /// Recall versus time to flare, over the models.
    public var recallVersusTime: RecallAcrossModels?
    /// The ensemble's outputs against the samples' flux.
    public var fluxByOutput: FluxByOutputBin?
    /// The ensemble's ROC curve and reliability diagram.
    public var roc: ROCCurve?
    public var reliability: ReliabilityDiagram?
    /// The ensemble's per-class rates (for the region label, by the M1+ task's classes).
    public var classRates: ClassRates?
    /// The label scored: the one the models were trained for.
    public var target: TargetLabel
    /// Samples predicted and skipped.
    public var predicted: Int, skipped: Int
    /// The folder prefix inside the run folder ("" or "name/").
    public var folder: String

    init(prediction: EnsemblePrediction, samples: [LabeledSample], target: TargetLabel, threshold: Double, folder: String) throws {
        self.folder = folder
        self.target = target
        predicted = prediction.samples.count
        skipped = prediction.skipped.count
        let indices = prediction.samples.map { $0.sampleIndex ?? 0 }
        let chosen = indices.map { samples[$0] }
        let labels = chosen.map { Double(target.label(of: $0)) }
        guard labels.contains(1), labels.contains(0) else {
            throw PipelinesError.insufficientData(
                stage: "evaluate", reason: "the predicted samples hold one class only (\(labels.contains(1) ? "flaring" : "nonflaring"))")
        }
        func scores(_ name: String, _ probabilities: [Double]) throws -> Scores {
            let confusion = try ConfusionMatrix(probabilities: probabilities, labels: labels, threshold: threshold)
            return Scores(
                name: name, confusion: confusion, trueSkillStatistic: confusion.value(of: .trueSkillStatistic),
                heidkeSkillScore: confusion.value(of: .heidkeSkillScore2), recall: confusion.value(of: .recall),
                areaUnderROC: try ROCCurve(probabilities: probabilities, labels: labels).auc,
                brierSkillScore: try BrierScore(probabilities: probabilities, labels: labels).skillScore)
        }
        let columns = prediction.models.indices.map { model in prediction.probabilities(ofModel: model).map(Double.init) }
        perModel = try zip(prediction.models, columns).map { try scores(URL(fileURLWithPath: $0).lastPathComponent, $1) }
        let medians = prediction.medians.map(Double.init)
        ensemble = try scores("median", medians)
        trueSkillStatistic = try? SummaryStatistics(perModel.map(\.trueSkillStatistic))
        recallVersusTime = try? RecallAcrossModels(columns.map { column in
            RecallVersusTimeToFlare(samples: zip(chosen, column).map { FlareTimedPrediction(sample: $0, predictedFlaring: $1 >= threshold) })
        })
        // Fig. 6: the total unsigned line-of-sight flux of every predicted sample (ModelAssessment
        // measured those the manifest lacked).
        let flux = try chosen.map { sample -> Double in
            guard let value = sample.observation.lineOfSightUnsignedFlux else {
                throw PipelinesError.insufficientData(stage: "Fig. 6", reason: "\(sample.observation.path) has no line-of-sight flux")
            }
            return value
        }
        fluxByOutput = try FluxByOutputBin(outputs: medians, labels: labels, totalUnsignedFlux: flux)
        roc = try ROCCurve(probabilities: medians, labels: labels)
        reliability = try ReliabilityDiagram(probabilities: medians, labels: labels)
        classRates = try? ClassRates(task: target.flareTask ?? .m1, classes: chosen.map(\.sampleClass), probabilities: medians, threshold: threshold)
    }

    /// The score table as CSV (one row per model, then `median`).
    public func scoresCSV() -> String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.6f", $0) } ?? "" }
        var lines = ["model,tp,fn,fp,tn,tss,hss2,recall,auc,bss"]
        for s in perModel + [ensemble] {
            lines.append([s.name, "\(s.confusion.tp)", "\(s.confusion.fn)", "\(s.confusion.fp)", "\(s.confusion.tn)",
                          number(s.trueSkillStatistic), number(s.heidkeSkillScore), number(s.recall), number(s.areaUnderROC),
                          number(s.brierSkillScore)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `scores.json`: `models` (one object per model), `median`, `tss_summary`, `predicted`, `skipped`,
    /// `label` (the target scored: `region`, `C1+` or `M1+`).
    public var jsonObject: [String: Any] {
        func number(_ value: Double?) -> Any { value.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        func object(_ s: Scores) -> [String: Any] {
            ["model": s.name, "tp": s.confusion.tp, "fn": s.confusion.fn, "fp": s.confusion.fp, "tn": s.confusion.tn,
             "tss": number(s.trueSkillStatistic), "hss2": number(s.heidkeSkillScore), "recall": number(s.recall),
             "auc": number(s.areaUnderROC), "bss": number(s.brierSkillScore)]
        }
        var result: [String: Any] = [
            "models": perModel.map(object), "median": object(ensemble), "predicted": predicted, "skipped": skipped,
            "label": target.rawValue,
        ]
        if let trueSkillStatistic { result["tss_summary"] = trueSkillStatistic.jsonObject }
        return result
    }

    func write(into run: RunFolder) throws {
        try run.write(text: scoresCSV(), to: folder + "scores.csv")
        try run.write(jsonObject: jsonObject, to: folder + "scores.json")
        if let recallVersusTime {
            try run.write(recallVersusTime, drawnAs: try recallVersusTime.figure(title: "Recall versus time to flare"),
                          .medianRecallVersusTimeToFlare, in: folder)
        }
        if let fluxByOutput {
            try run.write(
                fluxByOutput, drawnAs: try fluxByOutput.figure(logarithmicFlux: true, title: "Median output and total unsigned line-of-sight flux"),
                .medianFluxByOutput, in: folder)
        }
        if let roc { try run.write(roc, drawnAs: try roc.figure(label: "median"), .medianROC, in: folder) }
        if let reliability { try run.write(reliability, drawnAs: try reliability.figure(label: "median"), .medianReliability, in: folder) }
        if let classRates { try run.write(classRates, name: folder + "class_rates") }
    }

    /// The assessment's section of a run report.
    public func reportSection(into report: inout MarkdownReport) {
        func score(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "undefined" }
        report.heading("Scores at the threshold")
        report.paragraph("\(predicted) samples predicted" + (skipped > 0 ? ", \(skipped) skipped (see predictions.json)" : "")
            + ". The label is the one the models were trained for, " + (target == .region ? "the region label (1: a flaring region)"
                : "the \(target) task (1: a \(target) flare in the next 24 h)") + "; `median` is the per-sample median over the models.")
        report.table(
            header: ["model", "TP", "FN", "FP", "TN", "TSS", "HSS2", "recall", "AUC", "BSS"],
            rows: (perModel + [ensemble]).map {
                [$0.name, "\($0.confusion.tp)", "\($0.confusion.fn)", "\($0.confusion.fp)", "\($0.confusion.tn)",
                 score($0.trueSkillStatistic), score($0.heidkeSkillScore), score($0.recall), score($0.areaUnderROC),
                 score($0.brierSkillScore)]
            })
        if let s = trueSkillStatistic, perModel.count > 1 {
            report.paragraph(String(format: "TSS over the %d models: %.3f ± %.3f (median %.3f, range %.3f to %.3f).",
                                    s.count, s.mean, s.standardDeviation ?? 0, s.median, s.minimum, s.maximum))
        }
        if recallVersusTime != nil { report.figure(.medianRecallVersusTimeToFlare, in: folder) }
        if fluxByOutput != nil { report.figure(.medianFluxByOutput, in: folder) }
        if roc != nil { report.figure(.medianROC, in: folder) }
        if reliability != nil { report.figure(.medianReliability, in: folder) }
        report.links([("predictions (CSV)", folder + "predictions.csv"), ("scores (CSV)", folder + "scores.csv"),
                      ("scores (JSON)", folder + "scores.json")])
    }
}
