import Datasets

/// One sample's prediction with its time relative to a flare, the input of
/// ``RecallVersusTimeToFlare`` and ``FixedLeadTimeScores`` (Bhattacharjee et al. 2020).
///
/// ```swift
/// let sample = FlareTimedPrediction(timeRelativeToFlare: -23.8, isFlaring: true, predictedFlaring: true)
/// ```
public struct FlareTimedPrediction: Sendable, Hashable, Codable {
    /// t_r = t - T_F in hours (negative before the flare), `nil` when the sample is not within
    /// the window around a flare (Datasets' ``Datasets/LabeledSample/timeToFlare``, in hours).
    public var timeRelativeToFlare: Double?
    /// The label: 1 for a magnetogram of a flaring active region.
    public var isFlaring: Bool
    /// The predicted label.
    public var predictedFlaring: Bool

    /// Creates a sample.
    public init(timeRelativeToFlare: Double?, isFlaring: Bool, predictedFlaring: Bool) {
        self.timeRelativeToFlare = timeRelativeToFlare
        self.isFlaring = isFlaring
        self.predictedFlaring = predictedFlaring
    }

    /// A labelled magnetogram's entry: Bhattacharjee's region label
    /// (``Datasets/LabeledSample/isFlaringRegion``) and t_r in hours
    /// (``Datasets/LabeledSample/timeToFlare``).
    public init(sample: LabeledSample, predictedFlaring: Bool) {
        self.init(
            timeRelativeToFlare: sample.timeToFlare?.hours, isFlaring: sample.isFlaringRegion,
            predictedFlaring: predictedFlaring)
    }

    /// Samples from parallel arrays, with probabilities thresholded at `threshold`
    /// (p >= t means predicted flaring) and 0/1 labels.
    /// - Throws: ``EvaluationError`` for different lengths, probabilities outside [0, 1],
    ///   labels other than 0 and 1, or a non-finite time.
    public static func samples(
        timesRelativeToFlare: [Double?], labels: [Double], probabilities: [Double], threshold: Double = 0.5
    ) throws -> [FlareTimedPrediction] {
        try checkSampleCounts(labels.count, timesRelativeToFlare.count, what: "times relative to flare (one per label)")
        try checkSampleCounts(labels.count, probabilities.count, what: "probabilities (one per label)")
        if let index = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw EvaluationError.invalidArgument(
                name: "label at index \(index)", value: "\(labels[index])", reason: "labels must be 0 or 1")
        }
        if let index = timesRelativeToFlare.firstIndex(where: { $0.map { !$0.isFinite } ?? false }) {
            throw EvaluationError.invalidArgument(
                name: "time relative to flare at index \(index)", value: "\(timesRelativeToFlare[index] ?? 0)",
                reason: "must be finite or nil")
        }
        let predicted = try predictedLabels(probabilities: probabilities, threshold: threshold)
        return (0..<labels.count).map { i in
            FlareTimedPrediction(timeRelativeToFlare: timesRelativeToFlare[i], isFlaring: labels[i] == 1, predictedFlaring: predicted[i])
        }
    }
}
