import Datasets
import Foundation

/// One row of a prediction CSV (``PredictionCSV``): one model's probability for one sample,
/// with what is known of the sample and how the probability was read.
///
/// ```swift
/// let record = PredictionRecord(
///     sampleID: "HARP 1240 2012-01-01T10:48:00Z", harpNumber: 1240, noaaRegions: [11380],
///     time: sample.time, label: 1, probability: 0.81, threshold: 0.5, model: "weights/fold-1.safetensors", split: "fold-1")
/// record.predicted   // 1
/// ```
public struct PredictionRecord: Sendable, Equatable {
    /// The sample: `HARP <number> <time, ISO 8601 UTC>` for a manifest sample, the file path for
    /// a FITS file (an LRCN video: its last frame), `NAME[i]` for row `i` of a batch.
    public var sampleID: String
    /// The sample's position in the sample list it came from (a manifest, a run's samples).
    public var sampleIndex: Int?
    /// HARPNUM, when known.
    public var harpNumber: Int?
    /// The HARP's NOAA active regions (may be empty).
    public var noaaRegions: [Int]
    /// T_REC as a UTC instant, when known.
    public var time: Date?
    /// The true label (0 or 1) of the model's target, `nil` when unknown.
    public var label: Int?
    /// The predicted probability of the positive class.
    public var probability: Double
    /// The decision threshold: the sample is predicted positive when `probability >= threshold`.
    public var threshold: Double
    /// The weight file that predicted (`median` for an ensemble's per-sample median).
    public var model: String
    /// The split (fold, realisation) the model was trained on, when known.
    public var split: String?

    /// A record.
    public init(
        sampleID: String, sampleIndex: Int? = nil, harpNumber: Int? = nil, noaaRegions: [Int] = [], time: Date? = nil,
        label: Int? = nil, probability: Double, threshold: Double, model: String, split: String? = nil
    ) {
        self.sampleID = sampleID
        self.sampleIndex = sampleIndex
        self.harpNumber = harpNumber
        self.noaaRegions = noaaRegions
        self.time = time
        self.label = label
        self.probability = probability
        self.threshold = threshold
        self.model = model
        self.split = split
    }

    /// 1 when ``probability`` is at or above ``threshold``, else 0.
    public var predicted: Int { probability >= threshold ? 1 : 0 }

    /// The record of a manifest sample: its identifier, HARP, NOAA regions and time.
    public init(
        sample: LabeledSample, sampleIndex: Int?, label: Int?, probability: Double, threshold: Double, model: String,
        split: String? = nil
    ) {
        self.init(
            sampleID: sample.identifier, sampleIndex: sampleIndex, harpNumber: sample.harpNumber,
            noaaRegions: sample.observation.noaaRegions, time: sample.time, label: label, probability: probability,
            threshold: threshold, model: model, split: split)
    }
}
