extension ClassRatesAcrossRealisations {
    /// Guastavino et al. Fig. 4: box plots over realisations of the TP rates of X, M, C
    /// samples and the TN rates of NO1-NO4 (classes without any defined rate are left out).
    public func figure(title: String? = nil) throws -> Figure {
        let kept = rows.filter { $0.rates.contains { $0 != nil } }
        return try Figure.boxPlot(
            categories: kept.map { "\($0.sampleClass.rawValue) (\($0.kind == .truePositiveRate ? "TP" : "TN"))" },
            values: kept.map { $0.rates.compactMap { $0 } },
            title: title ?? "Per-class rates, \(task.rawValue) task", yLabel: "Rate", yRange: 0...1)
    }
}

extension Figure {
    /// Box plots of one score per group of splits or realisations, such as the TSS over
    /// cross-validation folds or Guastavino et al. Fig. 5 (TSS with classes excluded); `nil`
    /// values (undefined scores) are left out.
    public static func scoreBoxPlot(
        _ groups: [(label: String, values: [Double?])], score: String = "TSS", title: String? = nil
    ) throws -> Figure {
        try Figure.boxPlot(
            categories: groups.map(\.label), values: groups.map { $0.values.compactMap { $0 } },
            title: title, yLabel: score, yRange: -1...1)
    }
}
