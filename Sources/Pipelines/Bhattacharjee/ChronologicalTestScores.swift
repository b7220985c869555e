import Datasets
import Evaluation
import Foundation
import Losses
import NeuralCore

/// The chronological test of Bhattacharjee et al. (2020, Sects. 2 and 4.1): regions from the
/// cut on (1 October 2015) take no part in the cross-validation; every fold's model is scored
/// on all of them at the threshold ("test TSS 0.52 ± 0.04" for CNN-2 at 256).
public struct ChronologicalTestScores: Sendable {
    /// The cut: regions whose first sample is at or after it form the test set.
    public var cut: Date
    /// Test regions, of them flaring, and test samples.
    public var regions: Int, flaringRegions: Int, samples: Int
    /// Each fold model's TSS and recall on the test set (`nil` when undefined).
    public var trueSkillStatistics: [Double?]
    public var recalls: [Double?]
    /// TSS over the fold models.
    public var summary: SummaryStatistics?

    /// Scores `models` (one per fold) on the `samples` served by `source`, in order.
    init(cut: Date, samples: [LabeledSample], source: any BatchSource, models: [any Layer], threshold: Double) throws {
        self.cut = cut
        self.samples = samples.count
        regions = Set(samples.map(\.harpNumber)).count
        flaringRegions = Set(samples.filter(\.isFlaringRegion).map(\.harpNumber)).count
        let labels = samples.map { Double($0.regionLabel) }
        var tss: [Double?] = [], recall: [Double?] = []
        for model in models {
            let outputs = try model.predict(source, batchSize: 32).scalars.map(Double.init)
            if let bad = outputs.firstIndex(where: { !$0.isFinite }) {
                throw PipelinesError.insufficientData(
                    stage: "chronological test", reason: "the output for \(samples[bad].observation.path) is not finite")
            }
            let confusion = try ConfusionMatrix(probabilities: outputs, labels: labels, threshold: threshold)
            tss.append(confusion.value(of: .trueSkillStatistic))
            recall.append(confusion.value(of: .recall))
        }
        trueSkillStatistics = tss
        recalls = recall
        summary = try? SummaryStatistics(tss)
    }

    /// `chronological_test.csv`: one row per fold model.
    public func csv(foldNames: [String]) -> String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.6f", $0) } ?? "" }
        var lines = ["fold,tss,recall"]
        for (k, name) in foldNames.enumerated() where k < trueSkillStatistics.count {
            lines.append("\(name),\(number(trueSkillStatistics[k])),\(number(recalls[k]))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The object for `summary.json`.
    public var jsonObject: [String: Any] {
        func number(_ value: Double?) -> Any { value.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        return [
            "cut": BhattacharjeeConfiguration.day(cut), "regions": regions, "flaring_regions": flaringRegions,
            "samples": samples, "tss_by_fold": trueSkillStatistics.map(number), "recall_by_fold": recalls.map(number),
            "tss_mean": number(summary?.mean), "tss_std": number(summary?.standardDeviation),
        ]
    }
}
