import Datasets
import Evaluation
import Foundation

/// The scored predictions of every split of a cross-validation run as CSV:
/// `split,sample_index,harp,time,label,probability,threshold` (the label is what the split was
/// trained on; `sample_index` is the position in the run's sample list).
enum SplitPredictions {
    static func csv(_ folds: [CrossValidationFold], samples: [LabeledSample]) -> String {
        let format = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0) ?? .current)
        var lines = ["split,sample_index,harp,time,label,probability,threshold"]
        for fold in folds {
            for (position, index) in fold.sampleIndices.enumerated() {
                lines.append([
                    fold.name, "\(index)", "\(samples[index].harpNumber)", samples[index].time.formatted(format),
                    "\(Int(fold.labels[position]))", String(format: "%.9g", fold.probabilities[position]), "\(fold.threshold)",
                ].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
