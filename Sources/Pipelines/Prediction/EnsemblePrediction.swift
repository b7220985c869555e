import Datasets
import Foundation
import Losses

/// What an ensemble of networks predicted: per sample, every model's probability and their
/// median (``median(of:)``: for an even number of models, the mean of the two middle values),
/// with the labels when the samples came from a manifest; and the samples that could not be
/// predicted (a video with missing frames), each with the reason.
///
/// Written as JSON (``jsonData()``), CSV (``csv()``) or the medians as a float32 `.npy`
/// (``writeMedians(to:)``), every file replaced atomically.
///
/// ```swift
/// let prediction = try EnsemblePredictor(weights: realisations).predict(.manifest(manifestURL, archive: sharpURL))
/// for sample in prediction.samples {
///     print(sample.id, sample.probabilities, sample.median, sample.label ?? -1)
/// }
/// print(try prediction.confusionMatrix()?.trueSkillStatistic ?? .nan)   // the median's TSS at 0.5
/// try prediction.writeJSON(to: URL(fileURLWithPath: "run/predictions.json"))
/// ```
public struct EnsemblePrediction: Sendable, Equatable {
    /// One predicted sample.
    public struct Sample: Sendable, Equatable {
        /// The file path (`NAME[i]` for a row of a batch; for a manifest sample
        /// `HARP <number> <time, ISO 8601 UTC>`).
        public var id: String
        /// Each model's probability, in the order of ``EnsemblePrediction/models``.
        public var probabilities: [Float]
        /// The median of ``probabilities``.
        public var median: Float
        /// The label of ``EnsemblePrediction/target`` (0 or 1) of a manifest sample, else `nil`.
        public var label: Int?
        /// Guastavino's sample class of a manifest sample, else `nil`.
        public var sampleClass: SampleClass?
        /// The sample's position in the manifest (or sample list) it came from, else `nil`.
        public var sampleIndex: Int?
        /// HARPNUM, when known (manifest samples, LRCN videos of FITS frames).
        public var harpNumber: Int?
        /// The HARP's NOAA regions, when known.
        public var noaaRegions: [Int] = []
        /// T_REC (of a video's last frame), when known.
        public var time: Date?

        /// A sample; the median is computed from the probabilities (0 for none).
        public init(
            id: String, probabilities: [Float], label: Int? = nil, sampleClass: SampleClass? = nil, sampleIndex: Int? = nil
        ) {
            self.sampleIndex = sampleIndex
            self.id = id
            self.probabilities = probabilities
            self.median = EnsemblePrediction.median(of: probabilities) ?? 0
            self.label = label
            self.sampleClass = sampleClass
        }
    }

    /// A sample that was not predicted.
    public struct SkippedSample: Sendable, Equatable {
        /// The sample, identified as in ``Sample/id``.
        public var id: String
        /// Why (for example the video's missing frames).
        public var reason: String

        /// A skipped sample.
        public init(id: String, reason: String) {
            self.id = id
            self.reason = reason
        }
    }

    /// The weight files, one per model, in column order.
    public var models: [String]
    /// The predicted samples, in input order.
    public var samples: [Sample]
    /// The samples left out, in input order.
    public var skipped: [SkippedSample]
    /// The label of the samples' ``Sample/label`` (what the models were trained for), `nil`
    /// when the samples have no labels.
    public var target: TargetLabel?
    /// The split each model was trained on (its weight file's `split` metadata), in column
    /// order; empty or `nil` entries when unknown.
    public var splits: [String?] = []
    /// Problems accepted on request (FITS frames that do not make one video, under
    /// `allowMixedFrames`), to be shown to the user.
    public var warnings: [String] = []

    /// A prediction.
    public init(models: [String], samples: [Sample], skipped: [SkippedSample] = []) {
        self.models = models
        self.samples = samples
        self.skipped = skipped
    }

    /// The median probability of every sample, in order.
    public var medians: [Float] { samples.map(\.median) }

    /// The probabilities of model `index` (a column), in sample order.
    public func probabilities(ofModel index: Int) -> [Float] {
        samples.map { $0.probabilities[index] }
    }

    /// Whether every sample has a label (the input was a manifest) and there is at least one.
    public var isLabelled: Bool { !samples.isEmpty && samples.allSatisfy { $0.label != nil } }

    /// The confusion matrix of the median probabilities against the labels (a median at or above
    /// `threshold` predicts a flaring region), or `nil` when the samples have no labels.
    /// Its `trueSkillStatistic` (Losses) is the ensemble's TSS.
    /// - Throws: `LossesError` for a median outside [0, 1] (a model that is not a classifier).
    public func confusionMatrix(threshold: Double = 0.5) throws -> ConfusionMatrix? {
        guard isLabelled else { return nil }
        return try ConfusionMatrix(
            probabilities: samples.map { Double($0.median) }, labels: samples.map { Double($0.label ?? 0) },
            threshold: threshold)
    }
}
