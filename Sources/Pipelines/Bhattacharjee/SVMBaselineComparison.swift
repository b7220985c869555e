import Baselines
import Datasets
import Evaluation
import Foundation

/// Bhattacharjee et al. (2020, Fig. 5 right): the CNN's instantaneous recall against time to
/// flare beside two RBF support vector machines (Dhuri et al. 2019), one on the AR-averaged
/// SHARP space-weather keywords and one on the two features a line-of-sight magnetogram gives
/// (area, AREA_ACR, and the total unsigned line-of-sight flux), each trained on every fold's
/// training regions and scored on the same held-out regions as the fold's CNN. Curves are the
/// mean over folds with a ±1σ band.
///
/// The SVMs (LIBSVM through `Baselines`) use scikit-learn's defaults but balanced class weights
/// (``svmConfiguration``): features standardised on each fold's training samples, C = 1,
/// gamma `scale`. Samples lacking a feature of a set (R_VALUE is often NaN on real data) are
/// left out of that SVM's training and test and counted (``reports``), never dropped silently.
public struct SVMBaselineComparison: Sendable {
    /// One SVM's curve and its data.
    public struct Baseline: Sendable {
        /// The feature set.
        public var featureSet: SHARPFeatureSet
        /// The curve label.
        public var label: String
        /// Recall against time to flare, one model per fold.
        public var recall: RecallAcrossModels
        /// What the feature table left out.
        public var report: SHARPFeatureTable.Report
        /// Per fold, the test samples the SVM scored (of the CNN's test samples).
        public var scoredPerFold: [Int]
    }

    /// The SVM settings (balanced class weights, scikit-learn's other defaults).
    public static var svmConfiguration: RBFSupportVectorMachine.Configuration {
        var configuration = RBFSupportVectorMachine.Configuration()
        configuration.classWeight = .balanced
        return configuration
    }

    /// The baselines that could be trained.
    public var baselines: [Baseline]
    /// Why a baseline could not be trained (for example keywords a manifest never recorded).
    public var skipped: [String]

    /// Trains the SVMs on every fold's training samples (`trainingIndices[k]`, positions in
    /// `samples`) and scores them on the fold's test samples (`testIndices[k]`).
    init(samples: [LabeledSample], trainingIndices: [[Int]], testIndices: [[Int]], log: PipelineLog) throws {
        var baselines: [Baseline] = [], skipped: [String] = []
        features: for (featureSet, label) in [
            (SHARPFeatureSet.spaceWeatherKeywords, "SVM, SHARP keywords"), (.lineOfSight, "SVM, area and flux"),
        ] {
            let table = try SHARPFeatureTable(samples: samples, featureSet: featureSet)
            if table.report.samplesWithMissingValues > 0 { log("bhattacharjee: \(label): \(table.report)") }
            var curves: [RecallVersusTimeToFlare] = [], scored: [Int] = []
            for (k, (training, test)) in zip(trainingIndices, testIndices).enumerated() {
                let train = table.rows(ofSamples: training), held = table.rows(ofSamples: test)
                guard Set(train.labels).count == 2, !held.rows.isEmpty else {
                    let reason = "\(label) not trained: fold \(k + 1) has \(train.rows.count) complete training samples of "
                        + "\(Set(train.labels).count) class(es) and \(held.rows.count) complete test samples (\(table.report))"
                    log("bhattacharjee: \(reason)")
                    skipped.append(reason)
                    continue features
                }
                var svm = RBFSupportVectorMachine(configuration: Self.svmConfiguration)
                try svm.fit(features: try FeatureMatrix(rows: train.rows), labels: train.labels)
                let decisions = try svm.decisionValues(for: try FeatureMatrix(rows: held.rows))
                curves.append(RecallVersusTimeToFlare(samples: zip(held.samples, decisions).map { position, value in
                    FlareTimedPrediction(sample: samples[position], predictedFlaring: value > 0)
                }))
                scored.append(held.rows.count)
            }
            baselines.append(Baseline(
                featureSet: featureSet, label: label, recall: try RecallAcrossModels(curves), report: table.report,
                scoredPerFold: scored))
        }
        self.baselines = baselines
        self.skipped = skipped
    }

    /// Fig. 5 right: the CNN's curve and band (from `cnn`), then each SVM's.
    public func figure(cnn: RecallAcrossModels) throws -> Figure {
        var figure = try cnn.figure(label: "CNN", title: "Instantaneous recall: CNN and SVMs (Fig. 5 right)")
        let colors: [FigureColor] = [.black, .vermillion]
        for (baseline, color) in zip(baselines, colors) {
            let bins = baseline.recall.bins
            let mean = bins.map { $0.mean ?? .nan }
            let sigma = bins.map { $0.standardDeviation ?? 0 }
            figure.panels[0].series.append(.band(try BandSeries(
                label: nil, x: bins.map(\.center), lower: zip(mean, sigma).map { $0.isNaN ? .nan : max(0, $0 - $1) },
                upper: zip(mean, sigma).map { $0.isNaN ? .nan : min(1, $0 + $1) }, color: color)))
            figure.panels[0].series.append(.line(try LineSeries(
                label: baseline.label, x: bins.map(\.center), y: mean, color: color, showsMarkers: true)))
        }
        return figure
    }

    /// The object for `summary.json`: per baseline its feature set, samples scored per fold and
    /// what its table left out.
    public var jsonObject: [String: Any] {
        ["baselines": baselines.map { baseline -> [String: Any] in
            ["feature_set": baseline.featureSet.rawValue, "label": baseline.label, "scored_per_fold": baseline.scoredPerFold,
             "samples": baseline.report.sampleCount, "complete_samples": baseline.report.completeSampleCount,
             "left_out": baseline.report.samplesWithMissingValues, "missing_by_feature": baseline.report.missingByFeature]
        }, "skipped": skipped]
    }
}
