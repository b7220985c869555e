/// The figures ``ModelAssessment`` writes for the per-sample median over the models and shows
/// in its report.
extension RunFigure {
    /// Recall versus time to flare (Bhattacharjee et al. 2020, Fig. 5, left).
    static let medianRecallVersusTimeToFlare = RunFigure(name: "recall_vs_time_to_flare", caption: "Recall versus time to flare")
    /// Bhattacharjee et al. (2020), Fig. 6.
    static let medianFluxByOutput = RunFigure(
        name: "flux_by_output", caption: "Median output against the total unsigned line-of-sight flux of each magnetogram (Fig. 6)")
    /// The ROC curve.
    static let medianROC = RunFigure(name: "roc", caption: "ROC curve of the median")
    /// The reliability diagram.
    static let medianReliability = RunFigure(name: "reliability", caption: "Reliability diagram of the median")
}
