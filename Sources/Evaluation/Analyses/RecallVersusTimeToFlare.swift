import Foundation

/// The instantaneous recall of Bhattacharjee et al. (2020, Sect. 4.2, Fig. 5 left):
/// recall(t_r) = TP(t_r) / (TP(t_r) + FN(t_r)) over the flaring samples (label 1) whose time
/// relative to the flare t_r falls in each time bin.
///
/// **Bins.** By default 144 bins of 1 h over [-72 h, 72 h] (``defaultBins``): bin k is the
/// half-open interval [-72 + k, -71 + k) h, and the last bin also holds t_r = 72 h exactly
/// (see ``EqualWidthBins``). Flaring samples with no t_r or outside the range are counted in
/// ``unbinnedFlaringCount``; nonflaring samples (label 0) do not enter the recall.
///
/// ```swift
/// let samples = try FlareTimedPrediction.samples(
///     timesRelativeToFlare: times, labels: y, probabilities: p)
/// let curve = try RecallVersusTimeToFlare(samples: samples)
/// for bin in curve.bins { print(bin.center, bin.recall ?? .nan) }
/// ```
public struct RecallVersusTimeToFlare: Sendable, Hashable, EvaluationExportable {
    /// One time bin.
    public struct Bin: Sendable, Hashable {
        /// The bin's edges in hours: [lower, upper), the last bin also holding `upper`.
        public var lower: Double, upper: Double
        /// Flaring samples in the bin predicted flaring (TP) and nonflaring (FN).
        public var truePositives: Int, falseNegatives: Int
        /// The bin's centre in hours.
        public var center: Double { (lower + upper) / 2 }
        /// The number of flaring samples in the bin.
        public var count: Int { truePositives + falseNegatives }
        /// TP / (TP + FN), `nil` for a bin without flaring samples.
        public var recall: Double? { count > 0 ? Double(truePositives) / Double(count) : nil }
    }

    /// Bhattacharjee's binning: 1 h bins over [-72 h, 72 h].
    public static let defaultBins = EqualWidthBins.unchecked(lower: -72, upper: 72, count: 144)

    /// The binning used.
    public var binning: EqualWidthBins
    /// The bins, by increasing t_r.
    public var bins: [Bin]
    /// Flaring samples without t_r or outside the binned range.
    public var unbinnedFlaringCount: Int

    /// Bins the flaring samples by t_r.
    public init(samples: [FlareTimedPrediction], bins binning: EqualWidthBins = RecallVersusTimeToFlare.defaultBins) {
        self.binning = binning
        var tp = [Int](repeating: 0, count: binning.count), fn = tp
        var unbinned = 0
        for sample in samples where sample.isFlaring {
            guard let time = sample.timeRelativeToFlare, let k = binning.index(of: time) else {
                unbinned += 1
                continue
            }
            if sample.predictedFlaring { tp[k] += 1 } else { fn[k] += 1 }
        }
        bins = (0..<binning.count).map { k in
            Bin(lower: binning.edge(k), upper: binning.edge(k + 1), truePositives: tp[k], falseNegatives: fn[k])
        }
        unbinnedFlaringCount = unbinned
    }

    /// `unbinned_flaring` and `bins`: each with `lower`, `upper`, `center`, `tp`, `fn`,
    /// `count` and `recall` (null without flaring samples).
    public var jsonObject: [String: Any] {
        ["unbinned_flaring": unbinnedFlaringCount, "bins": bins.map { bin -> [String: Any] in
            ["lower": bin.lower, "upper": bin.upper, "center": bin.center, "tp": bin.truePositives,
             "fn": bin.falseNegatives, "count": bin.count, "recall": jsonNumber(bin.recall)]
        }]
    }

    /// Columns `lower,upper,center,tp,fn,count,recall`.
    public func csv() -> String {
        csvText(
            header: ["lower", "upper", "center", "tp", "fn", "count", "recall"],
            rows: bins.map { bin in
                [csvField(bin.lower), csvField(bin.upper), csvField(bin.center), csvField(bin.truePositives),
                 csvField(bin.falseNegatives), csvField(bin.count), csvField(bin.recall)]
            })
    }
}
