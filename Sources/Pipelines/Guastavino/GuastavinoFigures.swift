/// The figures ``GuastavinoPipeline`` writes into its subfolder and ``GuastavinoResult`` shows
/// in the report, with the table and figures of Guastavino et al. (2022) they reproduce.
extension RunFigure {
    /// Table 2: validation and test TSS of every realisation as box plots.
    static let tssByRealisation = RunFigure(name: "tss_by_realisation", caption: "TSS over the realisations (Table 2)")
    /// Fig. 4.
    static let classRates = RunFigure(name: "class_rates", caption: "Per-class TP and TN rates over the test sets (Fig. 4)")
    /// Fig. 5.
    static let classExclusion = RunFigure(name: "class_exclusion", caption: "TSS with classes cumulatively excluded (Fig. 5)")
}
