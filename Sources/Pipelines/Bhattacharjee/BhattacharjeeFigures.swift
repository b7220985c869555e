/// The figures ``BhattacharjeePipeline`` writes into its subfolder and ``BhattacharjeeResult``
/// shows in the report, with the figures of Bhattacharjee et al. (2020) they reproduce.
extension RunFigure {
    /// The held-out TSS of every fold as a box plot.
    static let tssByFold = RunFigure(name: "tss_by_fold", caption: "Test TSS over the folds")
    /// Fig. 5 (left).
    static let recallVersusTimeToFlare = RunFigure(
        name: "recall_vs_time_to_flare", caption: "Recall versus time to flare (Bhattacharjee et al. Fig. 5, left)")
    /// Fig. 5 (right).
    static let recallCNNVersusSVM = RunFigure(
        name: "recall_cnn_vs_svm",
        caption: "Recall versus time to flare of the CNN and of RBF SVMs on SHARP keywords and on area and line-of-sight flux, same folds (Fig. 5, right)")
    /// Fig. 6.
    static let fluxByOutput = RunFigure(
        name: "flux_by_output",
        caption: "Network output against the total unsigned line-of-sight flux of each magnetogram, measured from its pixels (Fig. 6)")
    /// Fig. 8.
    static let inputResolution = RunFigure(
        name: "input_resolution", caption: "x- and y-resolution of the resized inputs, degrees per pixel (Fig. 8)")
    /// Figs. 9-11: the radius sweep through the fold models.
    static let bipoleRadius = RunFigure(name: "bipole_radius", caption: "Output for a synthetic bipole against its radius (Figs. 9-11)")
    /// Fig. 10 (right).
    static let peakRatio = RunFigure(
        name: "peak_ratio", caption: "High-to-low peak radius against the probe magnetogram's aspect ratio (Fig. 10 right)")
    /// Fig. 11: plain and Hale/Joy-normalised models.
    static let bipoleRadiusHaleJoy = RunFigure(
        name: "bipole_radius_hale_joy",
        caption: "Output against bipole radius for -+ and +- bipoles, plain and Hale/Joy-normalised models (Fig. 11)")
    /// Fig. 13.
    static let lossByEpoch = RunFigure(
        name: "loss_by_epoch", caption: "Mean training and validation loss per epoch, ±1σ over the folds (Fig. 13)")
}
