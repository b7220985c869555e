import Foundation

/// The instantaneous recall of several models (the cross-validation folds of Bhattacharjee et
/// al. 2020, Fig. 5 left, with its shaded 1-sigma band): per time bin, the mean and standard
/// deviation of the models' recall.
///
/// Only models with flaring samples in a bin enter that bin (``Bin/modelCount``); the standard
/// deviation is the sample one (n - 1), `nil` with fewer than two such models, and mean and
/// deviation are `nil` when no model has samples there.
///
/// ```swift
/// let folds = try perFoldSamples.map { RecallVersusTimeToFlare(samples: $0) }
/// let band = try RecallAcrossModels(folds)
/// let upper = band.bins.map { ($0.mean ?? 0) + ($0.standardDeviation ?? 0) }
/// ```
public struct RecallAcrossModels: Sendable, Hashable, EvaluationExportable {
    /// One time bin over the models.
    public struct Bin: Sendable, Hashable {
        /// The bin's edges in hours.
        public var lower: Double, upper: Double
        /// The number of models with flaring samples in the bin.
        public var modelCount: Int
        /// The number of flaring samples in the bin over all models.
        public var sampleCount: Int
        /// The mean recall over those models.
        public var mean: Double?
        /// The sample standard deviation (n - 1) over those models.
        public var standardDeviation: Double?
        /// The bin's centre in hours.
        public var center: Double { (lower + upper) / 2 }
    }

    /// Each model's curve, in the order given.
    public var models: [RecallVersusTimeToFlare]
    /// The bins, by increasing t_r.
    public var bins: [Bin]

    /// Combines curves with the same binning.
    /// - Throws: ``EvaluationError`` when there are no curves or their binnings differ.
    public init(_ models: [RecallVersusTimeToFlare]) throws {
        guard let first = models.first else {
            throw EvaluationError.insufficientData("no models to combine for the instantaneous recall")
        }
        if let other = models.first(where: { $0.binning != first.binning }) {
            throw EvaluationError.invalidArgument(
                name: "recall binning", value: "\(other.binning)", reason: "every model must use \(first.binning)")
        }
        self.models = models
        bins = first.bins.indices.map { k in
            let recalls = models.compactMap { $0.bins[k].recall }
            let samples = models.reduce(0) { $0 + $1.bins[k].count }
            var mean: Double?, deviation: Double?
            if !recalls.isEmpty {
                let m = recalls.reduce(0, +) / Double(recalls.count)
                mean = m
                if recalls.count > 1 {
                    deviation = (recalls.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(recalls.count - 1)).squareRoot()
                }
            }
            return Bin(
                lower: first.bins[k].lower, upper: first.bins[k].upper, modelCount: recalls.count, sampleCount: samples,
                mean: mean, standardDeviation: deviation)
        }
    }

    /// `models` (their count) and `bins`: each with `lower`, `upper`, `center`, `models`,
    /// `samples`, `mean` and `std` (null where undefined).
    public var jsonObject: [String: Any] {
        ["models": models.count, "bins": bins.map { bin -> [String: Any] in
            ["lower": bin.lower, "upper": bin.upper, "center": bin.center, "models": bin.modelCount,
             "samples": bin.sampleCount, "mean": jsonNumber(bin.mean), "std": jsonNumber(bin.standardDeviation)]
        }]
    }

    /// Columns `lower,upper,center,models,samples,mean,std`.
    public func csv() -> String {
        csvText(
            header: ["lower", "upper", "center", "models", "samples", "mean", "std"],
            rows: bins.map { bin in
                [csvField(bin.lower), csvField(bin.upper), csvField(bin.center), csvField(bin.modelCount),
                 csvField(bin.sampleCount), csvField(bin.mean), csvField(bin.standardDeviation)]
            })
    }
}
