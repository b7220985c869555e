import Datasets
import Evaluation
import Foundation
import Interpretability
import Losses

/// What ``BhattacharjeePipeline`` found: the per-fold scores and their summary, recall versus
/// time to flare, the flux-binned outputs, the occlusion map and the bipole sweep, with the
/// paths (relative to the run folder) of every file written.
public struct BhattacharjeeResult {
    /// One fold's figures.
    public struct Fold: Sendable, Hashable {
        /// `fold-1`, ...
        public var name: String
        /// Test-set scores at the threshold (`nil` when undefined).
        public var trueSkillStatistic: Double?
        public var recall: Double?
        public var heidkeSkillScore: Double?
        /// The epoch whose weights were kept (`nil`: the last).
        public var bestEpoch: Int?
        /// Scored samples and their flaring count.
        public var testSamples: Int
        public var testFlaring: Int
        /// The fold's weights, relative to the run folder.
        public var weightsPath: String?
    }

    /// The occlusion map that was computed.
    public struct OcclusionSummary: Sendable, Hashable {
        public var harpNumber: Int
        public var observationPath: String
        /// The model's flaring probability for the unmasked input.
        public var probability: Double
        public var placements: Int
        public var maskSize: Int
        public var stride: Int
        /// Fraction of the magnetogram's pixels above the highlight threshold.
        public var highlightedFraction: Double
        /// The overlay PNG and the map values, relative to the run folder.
        public var pngPath: String
        public var valuesPath: String
    }

    /// The folds, in order.
    public var folds: [Fold]
    /// TSS and recall over folds (undefined folds left out).
    public var trueSkillStatistic: SummaryStatistics
    public var recall: SummaryStatistics?
    /// Recall versus time to flare over the folds' models.
    public var recallVersusTime: RecallAcrossModels?
    /// Outputs of every fold's test samples binned against their total unsigned line-of-sight
    /// flux (Fig. 6), measured from each magnetogram's pixels.
    public var fluxByOutput: FluxByOutputBin?
    /// The occlusion map (when one was computed).
    public var occlusion: OcclusionSummary?
    /// The bipole radius sweep (when one was run).
    public var bipoleSweep: BipoleSweep?
    /// Fig. 10 (right): the peak-radius ratios at several magnetogram dimensions (when run).
    public var peakRatios: PeakRatioSweep?
    /// Every fold model on the chronological test regions (when the configuration asks for
    /// them and the manifest has some).
    public var chronologicalTest: ChronologicalTestScores?
    /// Fig. 11: the folds retrained with the Hale/Joy normalisation and the radius sweeps of
    /// both sets of models.
    public struct HaleJoyComparison {
        /// The retrained models' test TSS over the folds.
        public var trueSkillStatistic: SummaryStatistics?
        /// `plain -+`, `plain +-`, `Hale/Joy -+`, `Hale/Joy +-`.
        public var sweep: BipoleSweep
    }

    /// Fig. 11 (when ``BhattacharjeeConfiguration/haleJoyComparison`` is set).
    public var haleJoy: HaleJoyComparison?
    /// Fig. 13: the mean training and validation loss per epoch over the folds.
    public var lossByEpoch: LossByEpoch?
    /// Fig. 8: the resolution of the resized inputs (when the samples record their pixel scale).
    public var inputResolution: InputResolutionHistogram?
    /// The SVM baselines of Fig. 5 (right), on the same folds (when run).
    public var svmBaselines: SVMBaselineComparison?
    /// Samples, regions and flaring regions used.
    public var sampleCount: Int, regionCount: Int, flaringRegionCount: Int
    /// Network and input size, for the report.
    public var architectureName: String, inputSize: Int
    /// Time the whole pipeline took, seconds.
    public var wallSeconds: Double = 0
    /// The folder inside the run folder holding the files.
    public var subfolder: String
    /// Every fold's scored predictions as CSV (written as `predictions.csv`).
    public var predictionsCSV: String

    init(
        crossValidation: CrossValidationResult, samples: [LabeledSample], subfolder: String,
        configuration: BhattacharjeeConfiguration
    ) throws {
        self.subfolder = subfolder
        predictionsCSV = SplitPredictions.csv(crossValidation.folds, samples: samples)
        folds = crossValidation.folds.map { fold in
            Fold(
                name: fold.name, trueSkillStatistic: fold.value(of: .trueSkillStatistic), recall: fold.value(of: .recall),
                heidkeSkillScore: fold.value(of: .heidkeSkillScore2), bestEpoch: fold.history.bestEpoch,
                testSamples: fold.labels.count, testFlaring: fold.labels.filter { $0 == 1 }.count,
                weightsPath: fold.weightsURL.map { subfolder + "/weights/" + $0.lastPathComponent })
        }
        guard folds.contains(where: { $0.trueSkillStatistic != nil }) else {
            throw PipelinesError.insufficientData(
                stage: "Bhattacharjee scores", reason: "no fold has a defined TSS (each test set lacks a class)")
        }
        trueSkillStatistic = try SummaryStatistics(folds.map(\.trueSkillStatistic))
        recall = try? SummaryStatistics(folds.map(\.recall))
        sampleCount = samples.count
        regionCount = Set(samples.map(\.harpNumber)).count
        flaringRegionCount = Set(samples.filter(\.isFlaringRegion).map(\.harpNumber)).count
        architectureName = configuration.architecture.name
        inputSize = configuration.inputSize

        // Recall versus time to flare: one curve per fold's model, on its test samples.
        let curves = crossValidation.folds.map { fold in
            RecallVersusTimeToFlare(samples: zip(fold.sampleIndices, fold.probabilities).map { index, p in
                FlareTimedPrediction(sample: samples[index], predictedFlaring: p >= fold.threshold)
            })
        }
        recallVersusTime = try? RecallAcrossModels(curves)

        // Outputs against the total unsigned line-of-sight flux (Fig. 6), every fold's test
        // samples together; the pipeline measured every sample's flux before training.
        var outputs: [Double] = [], labels: [Double] = [], flux: [Double] = []
        for fold in crossValidation.folds {
            for (position, index) in fold.sampleIndices.enumerated() {
                guard let value = samples[index].observation.lineOfSightUnsignedFlux else {
                    throw PipelinesError.insufficientData(
                        stage: "Fig. 6", reason: "\(samples[index].observation.path) has no line-of-sight flux")
                }
                outputs.append(fold.probabilities[position])
                labels.append(fold.labels[position])
                flux.append(value)
            }
        }
        fluxByOutput = outputs.isEmpty ? nil : try FluxByOutputBin(outputs: outputs, labels: labels, totalUnsignedFlux: flux)
    }

    /// The per-fold table as CSV.
    public func foldsCSV() -> String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.6f", $0) } ?? "" }
        var lines = ["fold,tss,recall,hss2,best_epoch,test_samples,test_flaring,weights"]
        for fold in folds {
            lines.append([fold.name, number(fold.trueSkillStatistic), number(fold.recall), number(fold.heidkeSkillScore),
                          fold.bestEpoch.map(String.init) ?? "", "\(fold.testSamples)", "\(fold.testFlaring)",
                          fold.weightsPath ?? ""].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The summary object for `summary.json`: `tss_mean`, `tss_std`, `folds` and more.
    public var jsonObject: [String: Any] {
        func number(_ value: Double?) -> Any { value.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        var object: [String: Any] = [
            "tss_mean": trueSkillStatistic.mean, "tss_std": number(trueSkillStatistic.standardDeviation),
            "folds": folds.count, "tss_by_fold": folds.map { number($0.trueSkillStatistic) },
            "recall_mean": number(recall?.mean), "recall_std": number(recall?.standardDeviation),
            "samples": sampleCount, "regions": regionCount, "flaring_regions": flaringRegionCount,
            "architecture": architectureName, "input_size": inputSize, "wall_seconds": wallSeconds,
        ]
        if let chronologicalTest { object["chronological_test"] = chronologicalTest.jsonObject }
        if let svmBaselines { object["svm_baselines"] = svmBaselines.jsonObject }
        if let haleJoy {
            object["hale_joy"] = ["tss_mean": number(haleJoy.trueSkillStatistic?.mean),
                                  "tss_std": number(haleJoy.trueSkillStatistic?.standardDeviation)] as [String: Any]
        }
        if let occlusion {
            object["occlusion"] = [
                "harp": occlusion.harpNumber, "probability": occlusion.probability, "placements": occlusion.placements,
                "highlighted_fraction": occlusion.highlightedFraction, "png": occlusion.pngPath,
            ] as [String: Any]
        }
        return object
    }

    /// Writes the tables and figures that need no model (folds, TSS box plot, recall curve,
    /// flux bins) into `run`.
    func writeTables(into run: RunFolder) throws {
        try run.write(text: foldsCSV(), to: subfolder + "/folds.csv")
        try run.write(text: predictionsCSV, to: subfolder + "/predictions.csv")
        try run.write(
            try Figure.scoreBoxPlot(
                [(label: "\(architectureName) @ \(inputSize)", values: folds.map(\.trueSkillStatistic))],
                title: "Test TSS over \(folds.count) folds"),
            as: .tssByFold, in: subfolder)
        if let recallVersusTime {
            try run.write(
                recallVersusTime,
                drawnAs: try recallVersusTime.figure(label: architectureName, title: "Recall versus time to flare (mean ± 1σ over folds)"),
                .recallVersusTimeToFlare, in: subfolder)
        }
        if let fluxByOutput {
            try run.write(
                fluxByOutput, drawnAs: try fluxByOutput.figure(logarithmicFlux: true, title: "Outputs and total unsigned line-of-sight flux"),
                .fluxByOutput, in: subfolder)
        }
    }

    /// This pipeline's section of a run report.
    public func reportSection(into report: inout MarkdownReport) {
        func score(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "undefined" }
        report.heading("Bhattacharjee et al. (2020): \(architectureName) on single magnetograms")
        report.paragraph(
            "\(sampleCount) samples of \(regionCount) active regions (\(flaringRegionCount) flaring), "
                + "\(architectureName) at \(inputSize) × \(inputSize), weighted cross-entropy, AR-grouped cross-validation "
                + "in \(folds.count) folds. Scores are on each fold's held-out test regions at threshold 0.5. "
                + String(format: "Wall time %.0f s.", wallSeconds))
        report.table(
            header: ["fold", "TSS", "recall", "HSS2", "best epoch", "test samples (flaring)"],
            rows: folds.map {
                [$0.name, score($0.trueSkillStatistic), score($0.recall), score($0.heidkeSkillScore),
                 $0.bestEpoch.map(String.init) ?? "last", "\($0.testSamples) (\($0.testFlaring))"]
            } + [[
                "mean ± std", trueSkillStatistic.meanAndDeviation,
                recall.map { $0.meanAndDeviation } ?? "undefined", "", "", "",
            ]])
        report.figure(.tssByFold, in: subfolder)
        if let test = chronologicalTest {
            let tss: String = test.summary.map { $0.meanAndDeviation } ?? "undefined"
            let day: String = BhattacharjeeConfiguration.day(test.cut)
            let regions = "\(test.regions) regions (\(test.flaringRegions) flaring, \(test.samples) samples) from \(day) on"
            report.paragraph("Chronological test (Sect. 4.1): \(regions), outside the cross-validation, scored by every fold's "
                + "model: TSS \(tss) ([per fold](\(subfolder)/chronological_test.csv)).")
        }
        if recallVersusTime != nil {
            report.figure(.recallVersusTimeToFlare, in: subfolder)
        }
        if let haleJoy {
            let tss = haleJoy.trueSkillStatistic.map { $0.meanAndDeviation } ?? "undefined"
            report.paragraph("Retrained with the Hale/Joy normalisation (Sect. 4.4): test TSS \(tss).")
            report.figure(.bipoleRadiusHaleJoy, in: subfolder)
        }
        if lossByEpoch != nil {
            report.figure(.lossByEpoch, in: subfolder)
        }
        if let inputResolution {
            report.figure(
                .inputResolution, in: subfolder,
                note: inputResolution.unknown > 0 ? "; \(inputResolution.unknown) samples without a pixel scale left out" : "")
        }
        if let svmBaselines {
            if !svmBaselines.baselines.isEmpty, recallVersusTime != nil {
                report.figure(.recallCNNVersusSVM, in: subfolder)
            }
            for baseline in svmBaselines.baselines where baseline.report.samplesWithMissingValues > 0 {
                report.paragraph("\(baseline.label): \(baseline.report).")
            }
            for reason in svmBaselines.skipped { report.paragraph("**Not drawn:** \(reason).") }
        }
        if fluxByOutput != nil {
            report.figure(.fluxByOutput, in: subfolder)
        }
        if let occlusion {
            report.paragraph(String(
                format: "Occlusion map (Fig. 12) of the first fold's model on HARP %d (p = %.3f), %d placements of a %d-pixel mask at stride %d; %.1f%% of the pixels highlighted.",
                occlusion.harpNumber, occlusion.probability, occlusion.placements, occlusion.maskSize, occlusion.stride,
                100 * occlusion.highlightedFraction))
            report.figure(occlusion.pngPath, caption: "Occlusion map: sensitive region in red over the magnetogram (±500 G), beside the map with its colour bar")
        }
        if let bipoleSweep {
            report.figure(.bipoleRadius, in: subfolder)
            for warning in bipoleSweep.warnings { report.paragraph("**Warning (bipole sweep):** " + warning + ".") }
            if peakRatios != nil {
                report.figure(.peakRatio, in: subfolder)
            }
        }
        report.links([
            ("per-fold scores (CSV)", subfolder + "/folds.csv"), ("test predictions (CSV)", subfolder + "/predictions.csv"), ("summary (JSON)", subfolder + "/folds.json"),
            ("recall versus time to flare (CSV)", subfolder + "/recall_vs_time_to_flare.csv"),
            ("flux bins (CSV)", subfolder + "/flux_by_output.csv"), ("weights", subfolder + "/weights/"),
        ])
    }
}
