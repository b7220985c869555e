extension ROCCurve {
    /// The ROC curve with the chance diagonal and the AUC in the legend.
    public func figure(label: String = "CNN", title: String? = "ROC curve") throws -> Figure {
        try Figure.rocCurve(
            falsePositiveRates: points.map(\.falsePositiveRate), truePositiveRates: points.map(\.truePositiveRate),
            auc: auc, label: label, title: title)
    }
}

extension ReliabilityDiagram {
    /// The reliability diagram (observed frequency against mean prediction per bin, empty bins
    /// left out) with the diagonal and the counts.
    public func figure(label: String = "CNN", title: String? = "Reliability diagram") throws -> Figure {
        try Figure.reliabilityDiagram(
            meanPredicted: bins.map { $0.meanPrediction ?? .nan },
            observedFrequency: bins.map { $0.observedFrequency ?? .nan }, counts: bins.map(\.count),
            label: label, title: title)
    }
}
