import Foundation

/// The total unsigned flux of flaring and nonflaring samples grouped by model output
/// (Bhattacharjee et al. 2020, Sect. 4.3, Fig. 6): ten bins of width 0.1 centred at 0.05, ...,
/// 0.95 ([0, 0.1), ..., [0.9, 1.0], 1.0 in the last; ``EqualWidthBins/tenthsOfUnitInterval``),
/// with per bin and per group the number of samples (Fig. 6 left) and the mean flux with its
/// standard error (Fig. 6 right, which draws 5-sigma error bars: 5 x ``Group/standardError``).
///
/// The standard error is s / sqrt(n) with s the sample standard deviation (n - 1); it is `nil`
/// for fewer than two samples, and the mean is `nil` for an empty group.
///
/// ```swift
/// let bins = try FluxByOutputBin(outputs: p, labels: y, totalUnsignedFlux: flux)
/// let flaringMeans = bins.bins.map { $0.flaring.meanFlux }
/// ```
public struct FluxByOutputBin: Sendable, Hashable, EvaluationExportable {
    /// The samples of one group (flaring or nonflaring) in one bin.
    public struct Group: Sendable, Hashable {
        /// The number of samples.
        public var count: Int
        /// Their mean total unsigned flux, `nil` when there are none.
        public var meanFlux: Double?
        /// The standard error of the mean, `nil` with fewer than two samples.
        public var standardError: Double?

        /// Summarises flux values.
        init(_ values: [Double]) {
            count = values.count
            guard !values.isEmpty else { return }
            let mean = values.reduce(0, +) / Double(values.count)
            meanFlux = mean
            if values.count > 1 {
                let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
                standardError = (variance / Double(values.count)).squareRoot()
            }
        }
    }

    /// One output bin.
    public struct Bin: Sendable, Hashable {
        /// The bin's edges: [lower, upper), the last bin also holding `upper`.
        public var lower: Double, upper: Double
        /// The flaring (label 1) and nonflaring (label 0) samples in the bin.
        public var flaring: Group, nonflaring: Group
        /// The bin's centre.
        public var center: Double { (lower + upper) / 2 }
    }

    /// The bins, by increasing output.
    public var bins: [Bin]

    /// Bins samples by model output.
    /// - Parameters:
    ///   - outputs: model outputs (probabilities) in [0, 1].
    ///   - labels: 0/1 labels (1 = flaring).
    ///   - totalUnsignedFlux: each sample's total unsigned flux (any unit, for example Mx),
    ///     finite and non-negative.
    ///   - binning: the bins (default ten of width 0.1 over [0, 1]).
    /// - Throws: ``EvaluationError`` for different lengths, no samples, outputs outside
    ///   [0, 1] or NaN, labels other than 0 and 1, or a flux that is negative or not finite.
    public init(
        outputs: [Double], labels: [Double], totalUnsignedFlux: [Double],
        binning: EqualWidthBins = .tenthsOfUnitInterval
    ) throws {
        try checkForecasts(outputs, labels: labels)
        try checkSampleCounts(outputs.count, totalUnsignedFlux.count, what: "total unsigned flux (one per output)")
        if let index = totalUnsignedFlux.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            throw EvaluationError.invalidArgument(
                name: "total unsigned flux at index \(index)", value: "\(totalUnsignedFlux[index])",
                reason: "must be finite and non-negative")
        }
        guard binning.lower <= 0, binning.upper >= 1 else {
            throw EvaluationError.invalidArgument(
                name: "output binning", value: "[\(binning.lower), \(binning.upper)]", reason: "must cover [0, 1]")
        }
        var flaring = [[Double]](repeating: [], count: binning.count), nonflaring = flaring
        for i in outputs.indices {
            guard let k = binning.index(of: outputs[i]) else { continue }  // covered: never nil
            if labels[i] == 1 { flaring[k].append(totalUnsignedFlux[i]) } else { nonflaring[k].append(totalUnsignedFlux[i]) }
        }
        bins = (0..<binning.count).map { k in
            Bin(lower: binning.edge(k), upper: binning.edge(k + 1), flaring: Group(flaring[k]), nonflaring: Group(nonflaring[k]))
        }
    }

    /// `bins`: each with `lower`, `upper`, `center`, and `flaring` / `nonflaring` objects of
    /// `count`, `mean_flux` and `standard_error` (null where undefined).
    public var jsonObject: [String: Any] {
        func group(_ g: Group) -> [String: Any] {
            ["count": g.count, "mean_flux": jsonNumber(g.meanFlux), "standard_error": jsonNumber(g.standardError)]
        }
        return ["bins": bins.map { bin -> [String: Any] in
            ["lower": bin.lower, "upper": bin.upper, "center": bin.center, "flaring": group(bin.flaring),
             "nonflaring": group(bin.nonflaring)]
        }]
    }

    /// Columns `lower,upper,center,flaring_count,flaring_mean_flux,flaring_standard_error,
    /// nonflaring_count,nonflaring_mean_flux,nonflaring_standard_error`.
    public func csv() -> String {
        csvText(
            header: ["lower", "upper", "center", "flaring_count", "flaring_mean_flux", "flaring_standard_error",
                     "nonflaring_count", "nonflaring_mean_flux", "nonflaring_standard_error"],
            rows: bins.map { bin in
                [csvField(bin.lower), csvField(bin.upper), csvField(bin.center), csvField(bin.flaring.count),
                 csvField(bin.flaring.meanFlux), csvField(bin.flaring.standardError), csvField(bin.nonflaring.count),
                 csvField(bin.nonflaring.meanFlux), csvField(bin.nonflaring.standardError)]
            })
    }
}
