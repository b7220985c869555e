extension FluxByOutputBin {
    /// Bhattacharjee et al. Fig. 6: the counts of flaring and nonflaring samples per output
    /// bin, and their mean total unsigned flux with standard-error bars (empty bins are gaps).
    /// `fluxAxisLabel` names the flux the bins were given (the paper's: the total unsigned
    /// line-of-sight flux of each magnetogram).
    public func figure(
        logarithmicFlux: Bool = false, title: String? = nil,
        fluxAxisLabel: String = "Mean total unsigned line-of-sight flux (Mx)"
    ) throws -> Figure {
        try Figure.histogramWithFlux(
            binCenters: bins.map(\.center), flaringCounts: bins.map(\.flaring.count),
            nonflaringCounts: bins.map(\.nonflaring.count),
            flaringMeanFlux: bins.map { $0.flaring.meanFlux ?? .nan },
            flaringFluxError: bins.map { $0.flaring.standardError ?? 0 },
            nonflaringMeanFlux: bins.map { $0.nonflaring.meanFlux ?? .nan },
            nonflaringFluxError: bins.map { $0.nonflaring.standardError ?? 0 },
            binWidth: bins.first.map { $0.upper - $0.lower } ?? 0.1, logarithmicFlux: logarithmicFlux, title: title,
            fluxAxisLabel: fluxAxisLabel)
    }
}
