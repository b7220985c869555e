import Datasets
import Evaluation
import Foundation

/// The scored predictions of every split of a cross-validation run as a ``PredictionCSV``
/// (the label is what the split was trained on; `sample_index` is the position in the run's
/// sample list; `model` is the split's weight file, relative to the pipeline's folder).
enum SplitPredictions {
    static func csv(_ folds: [CrossValidationFold], samples: [LabeledSample]) -> String {
        PredictionCSV.text(folds.flatMap { fold in
            fold.sampleIndices.enumerated().map { position, index in
                PredictionRecord(
                    sample: samples[index], sampleIndex: index, label: Int(fold.labels[position]),
                    probability: fold.probabilities[position], threshold: fold.threshold,
                    model: fold.weightsURL.map { "weights/" + $0.lastPathComponent } ?? "", split: fold.name)
            }
        })
    }
}
