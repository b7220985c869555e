import Datasets
import Evaluation
import Foundation
import Losses

/// What ``GuastavinoPipeline`` found: per-realisation test (and validation) TSS and their
/// distribution (Guastavino et al. Table 2), per-class rates (Fig. 4) and TSS with classes
/// excluded (Fig. 5).
public struct GuastavinoResult {
    /// One realisation's figures.
    public struct Realisation: Sendable, Hashable {
        /// `realisation-1`, ...
        public var name: String
        /// Test TSS at the threshold, and the best validation TSS reached in training.
        public var trueSkillStatistic: Double?
        public var validationTrueSkillStatistic: Double?
        public var heidkeSkillScore: Double?
        /// Sizes of the triple's sets.
        public var trainingSize: Int, validationSize: Int, testSize: Int
        /// The scale the sets were reduced to (1: the requested sizes).
        public var scale: Double
        /// The epoch whose weights were kept.
        public var bestEpoch: Int?
        /// The weights, relative to the run folder.
        public var weightsPath: String?
    }

    /// The realisations, in order.
    public var realisations: [Realisation]
    /// Test TSS over realisations (Table 2), and validation TSS.
    public var trueSkillStatistic: SummaryStatistics
    public var validationTrueSkillStatistic: SummaryStatistics?
    /// TP rates of X, M, C and TN rates of the other classes over realisations (Fig. 4).
    public var classRates: ClassRatesAcrossRealisations?
    /// TSS with classes cumulatively excluded, per realisation (Fig. 5).
    public var classExclusion: [ClassExclusionScores]
    /// The task.
    public var task: FlareTask
    /// Samples with a complete video.
    public var completeVideos = 0
    /// Network description for the report.
    public var frameCount: Int, frameSize: Int, cadenceMinutes: Double
    /// Time the pipeline took, seconds.
    public var wallSeconds: Double = 0
    /// The folder inside the run folder holding the files.
    public var subfolder: String
    /// Every realisation's test predictions as CSV (written as `predictions.csv`; the sample
    /// index is the position among the samples with a complete video).
    public var predictionsCSV: String

    init(
        crossValidation: CrossValidationResult, samples: [LabeledSample], triples: [BalancedTriple],
        configuration: GuastavinoConfiguration, subfolder: String
    ) throws {
        self.subfolder = subfolder
        predictionsCSV = SplitPredictions.csv(crossValidation.folds, samples: samples)
        task = configuration.task
        frameCount = configuration.video.frameCount
        frameSize = configuration.frameSize
        cadenceMinutes = configuration.video.cadence / 60
        realisations = zip(crossValidation.folds, triples).map { fold, triple in
            Realisation(
                name: fold.name, trueSkillStatistic: fold.value(of: .trueSkillStatistic),
                validationTrueSkillStatistic: fold.history.bestScore, heidkeSkillScore: fold.value(of: .heidkeSkillScore2),
                trainingSize: triple.training.size, validationSize: triple.validation.size, testSize: triple.test.size,
                scale: triple.scale, bestEpoch: fold.history.bestEpoch,
                weightsPath: fold.weightsURL.map { subfolder + "/weights/" + $0.lastPathComponent })
        }
        guard realisations.contains(where: { $0.trueSkillStatistic != nil }) else {
            throw PipelinesError.insufficientData(
                stage: "Guastavino scores", reason: "no realisation has a defined test TSS (each test set lacks a class)")
        }
        trueSkillStatistic = try SummaryStatistics(realisations.map(\.trueSkillStatistic))
        validationTrueSkillStatistic = try? SummaryStatistics(realisations.map(\.validationTrueSkillStatistic))
        let task = configuration.task, threshold = configuration.threshold
        let perRealisation = try crossValidation.folds.map { fold in
            try ClassRates(
                task: task, classes: fold.sampleIndices.map { samples[$0].sampleClass }, probabilities: fold.probabilities,
                threshold: threshold)
        }
        classRates = try? ClassRatesAcrossRealisations(perRealisation)
        classExclusion = try crossValidation.folds.map { fold in
            try ClassExclusionScores(
                task: task, classes: fold.sampleIndices.map { samples[$0].sampleClass }, probabilities: fold.probabilities,
                threshold: threshold)
        }
    }

    /// The per-realisation table as CSV.
    public func realisationsCSV() -> String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.6f", $0) } ?? "" }
        var lines = ["realisation,tss,validation_tss,hss2,training,validation,test,scale,best_epoch,weights"]
        for r in realisations {
            lines.append([r.name, number(r.trueSkillStatistic), number(r.validationTrueSkillStatistic), number(r.heidkeSkillScore),
                          "\(r.trainingSize)", "\(r.validationSize)", "\(r.testSize)", String(format: "%.4f", r.scale),
                          r.bestEpoch.map(String.init) ?? "", r.weightsPath ?? ""].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The summary object for `summary.json`: `tss_mean`, `tss_std`, `realisations` and more.
    public var jsonObject: [String: Any] {
        func number(_ value: Double?) -> Any { value.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        return [
            "tss_mean": trueSkillStatistic.mean, "tss_std": number(trueSkillStatistic.standardDeviation),
            "realisations": realisations.count, "tss_by_realisation": realisations.map { number($0.trueSkillStatistic) },
            "tss_median": trueSkillStatistic.median, "tss_min": trueSkillStatistic.minimum, "tss_max": trueSkillStatistic.maximum,
            "validation_tss_mean": number(validationTrueSkillStatistic?.mean), "task": task.rawValue,
            "complete_videos": completeVideos, "frames": frameCount, "frame_size": frameSize,
            "cadence_minutes": cadenceMinutes, "wall_seconds": wallSeconds,
        ]
    }

    /// Writes the tables and figures into `run`.
    func write(into run: RunFolder) throws {
        try run.write(text: realisationsCSV(), to: subfolder + "/realisations.csv")
        try run.write(text: predictionsCSV, to: subfolder + "/predictions.csv")
        try run.write(jsonObject: jsonObject, to: subfolder + "/realisations.json")
        try run.write(trueSkillStatistic, name: subfolder + "/tss_distribution")
        var groups: [(label: String, values: [Double?])] = [("test", realisations.map(\.trueSkillStatistic))]
        if validationTrueSkillStatistic != nil { groups.insert(("validation", realisations.map(\.validationTrueSkillStatistic)), at: 0) }
        try run.write(
            try Figure.scoreBoxPlot(groups, title: "TSS over \(realisations.count) realisations, \(task.rawValue) (Table 2)"),
            as: .tssByRealisation, in: subfolder)
        if let classRates {
            try run.write(classRates, drawnAs: try classRates.figure(), .classRates, in: subfolder)
        }
        if let first = classExclusion.first {
            let labels = first.steps.map { $0.excluded.isEmpty ? "all" : "−" + $0.excluded.map(\.rawValue).joined(separator: ",") }
            let groups = labels.indices.map { step in
                (label: labels[step], values: classExclusion.map { $0.steps[step].value })
            }
            try run.write(
                jsonObject: ["task": task.rawValue, "steps": labels.indices.map { step in
                    ["excluded": first.steps[step].excluded.map(\.rawValue),
                     "tss": classExclusion.map { $0.steps[step].value.map { $0 as Any } ?? NSNull() }] as [String: Any]
                }],
                to: RunFigure.classExclusion.dataPath(in: subfolder) + ".json")
            try run.write(try Figure.scoreBoxPlot(groups, title: "TSS with classes excluded (Fig. 5)"), as: .classExclusion, in: subfolder)
        }
    }

    /// This pipeline's section of a run report.
    public func reportSection(into report: inout MarkdownReport) {
        func score(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "undefined" }
        report.heading("Guastavino et al. (2022): LRCN on videos, \(task.rawValue) flares")
        report.paragraph(
            "\(completeVideos) samples with complete videos of \(frameCount) frames at \(Int(cadenceMinutes)) min, "
                + "frames at \(frameSize) × \(frameSize). LRCN trained with the score-oriented loss on the TSS, "
                + "best epoch on the validation TSS, scored once on the test set at threshold 0.5, "
                + "over \(realisations.count) balanced realisations. " + String(format: "Wall time %.0f s.", wallSeconds))
        report.table(
            header: ["realisation", "test TSS", "validation TSS", "HSS2", "train / val / test", "best epoch"],
            rows: realisations.map {
                [$0.name, score($0.trueSkillStatistic), score($0.validationTrueSkillStatistic), score($0.heidkeSkillScore),
                 "\($0.trainingSize) / \($0.validationSize) / \($0.testSize)", $0.bestEpoch.map(String.init) ?? "last"]
            })
        let s = trueSkillStatistic
        report.table(
            header: ["test TSS", "mean", "std", "min", "Q1", "median", "Q3", "max"],
            rows: [["\(s.count) realisations"] + [s.mean, s.standardDeviation ?? .nan, s.minimum, s.firstQuartile, s.median,
                                                 s.thirdQuartile, s.maximum].map { $0.isNaN ? "undefined" : String(format: "%.3f", $0) }])
        report.figure(.tssByRealisation, in: subfolder)
        if classRates != nil {
            report.figure(.classRates, in: subfolder)
        }
        if !classExclusion.isEmpty {
            report.figure(.classExclusion, in: subfolder)
        }
        report.links([
            ("per-realisation scores (CSV)", subfolder + "/realisations.csv"),
            ("test predictions (CSV)", subfolder + "/predictions.csv"), ("summary (JSON)", subfolder + "/realisations.json"),
            ("class rates (CSV)", subfolder + "/class_rates.csv"), ("weights", subfolder + "/weights/"),
        ])
    }
}
