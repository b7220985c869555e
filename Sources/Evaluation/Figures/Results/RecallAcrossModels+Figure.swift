extension RecallAcrossModels {
    /// Bhattacharjee et al. Fig. 5: the mean instantaneous recall over models against time to
    /// flare, with a ±1σ band (bins without samples are gaps).
    public func figure(label: String = "CNN", title: String? = "Instantaneous recall") throws -> Figure {
        let mean = bins.map { $0.mean ?? .nan }
        let sigma = bins.map { $0.standardDeviation ?? 0 }
        return try Figure.recallCurve(
            times: bins.map(\.center), mean: mean,
            lower: zip(mean, sigma).map { $0.isNaN ? .nan : max(0, $0 - $1) },   // Swift's max(0, .nan) is 0:
            upper: zip(mean, sigma).map { $0.isNaN ? .nan : min(1, $0 + $1) },   // keep empty bins as gaps
            label: label, title: title)
    }
}

extension RecallVersusTimeToFlare {
    /// The recall of one model against time to flare (no band).
    public func figure(label: String = "CNN", title: String? = "Instantaneous recall") throws -> Figure {
        let recall = bins.map { $0.recall ?? .nan }
        return try Figure.recallCurve(
            times: bins.map(\.center), mean: recall, lower: recall, upper: recall, label: label, title: title)
    }
}
