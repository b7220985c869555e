import Datasets
import Foundation

/// What ``Demo`` produced: the archive's figures, both pipelines' results, the wall time and
/// the paths of the report and the summary.
public struct DemoResult {
    /// The generated data, as the index and labeller saw it.
    public struct Inputs: Sendable, Hashable {
        public var archiveDirectory: String
        public var magnetogramFiles: Int
        public var archiveBytes: Int64
        public var flares: Int
        /// Indexed observations, and those kept by the selection cuts (hourly sampling included).
        public var observations: Int, selected: Int
        public var flaringRegions: Int, nonflaringRegions: Int
        /// Samples per Guastavino class (X, M, C, NO1-NO4).
        public var sampleClasses: [String: Int]
        /// The flaring-region rule the labels were made with (``FlaringRegionCriterion/summary``).
        public var labelRule: String = FlaringRegionCriterion().summary
    }

    /// The data.
    public var inputs: Inputs
    /// The Bhattacharjee et al. stage (when run).
    public var bhattacharjee: BhattacharjeeResult?
    /// The Guastavino et al. stage (when run).
    public var guastavino: GuastavinoResult?
    /// The whole run, archive included, seconds.
    public var wallSeconds: Double = 0
    /// `report.md` and `summary.json`.
    public var reportPath = "", summaryPath = ""

    /// The `summary.json` object.
    public var summaryObject: [String: Any] {
        var object: [String: Any] = [
            "wall_seconds": wallSeconds,
            "data": [
                "archive": inputs.archiveDirectory, "magnetogram_files": inputs.magnetogramFiles,
                "archive_bytes": inputs.archiveBytes, "flares": inputs.flares, "observations": inputs.observations,
                "selected_observations": inputs.selected, "flaring_regions": inputs.flaringRegions,
                "nonflaring_regions": inputs.nonflaringRegions, "sample_classes": inputs.sampleClasses,
                "label_rule": inputs.labelRule,
            ] as [String: Any],
        ]
        if let bhattacharjee { object["bhattacharjee"] = bhattacharjee.jsonObject }
        if let guastavino { object["guastavino"] = guastavino.jsonObject }
        return object
    }

    /// The short score table printed at the end of a run.
    public var scoreTable: String {
        func row(_ cells: [String]) -> String {
            zip(cells, [14, 34, 9, 9, 5]).map { cell, width in
                cell.count >= width ? cell : cell + String(repeating: " ", count: width - cell.count)
            }.joined(separator: " ")
        }
        var lines = [row(["pipeline", "model", "TSS mean", "TSS std", "runs"])]
        if let b = bhattacharjee {
            lines.append(row([
                "Bhattacharjee", "\(b.architectureName) @ \(b.inputSize) px", String(format: "%.3f", b.trueSkillStatistic.mean),
                b.trueSkillStatistic.standardDeviation.map { String(format: "%.3f", $0) } ?? "-", "\(b.folds.count)",
            ]))
        }
        if let g = guastavino {
            lines.append(row([
                "Guastavino", "LRCN \(g.frameCount) x \(g.frameSize) px, \(g.task.rawValue)",
                String(format: "%.3f", g.trueSkillStatistic.mean),
                g.trueSkillStatistic.standardDeviation.map { String(format: "%.3f", $0) } ?? "-", "\(g.realisations.count)",
            ]))
        }
        return lines.joined(separator: "\n")
    }

    /// The run's `report.md`.
    public func report() -> MarkdownReport {
        var report = MarkdownReport(title: "FlareKit demo")
        report.paragraph(
            "Both papers' pipelines on a generated SHARP archive (synthetic bipolar active regions whose flare rate grows "
                + "with their unsigned flux and polarity-inversion-line strength). The scores measure the pipelines on "
                + "this generated data, not on the Sun; TSS 0 is chance. "
                + String(format: "Total wall time %.0f s.", wallSeconds))
        report.heading("Scores")
        var rows: [[String]] = []
        if let b = bhattacharjee {
            rows.append(["Bhattacharjee et al. 2020", "\(b.architectureName) @ \(b.inputSize) px", "\(b.folds.count) folds",
                         b.trueSkillStatistic.meanAndDeviation])
        }
        if let g = guastavino {
            rows.append(["Guastavino et al. 2022", "LRCN, \(g.frameCount) × \(g.frameSize) px frames, \(g.task.rawValue)",
                         "\(g.realisations.count) realisations",
                         g.trueSkillStatistic.meanAndDeviation])
        }
        report.table(header: ["pipeline", "model", "runs", "test TSS (mean ± std)"], rows: rows)
        report.heading("Data")
        report.bullets([
            String(format: "Archive: %d magnetograms (%.1f MB) in `%@`, %d flares in the generated SWPC list",
                   inputs.magnetogramFiles, Double(inputs.archiveBytes) / 1e6, inputs.archiveDirectory as NSString, inputs.flares),
            "Selection cuts (QUALITY, |OBS_VR|, central-meridian distance, region area, hourly sampling): "
                + "\(inputs.selected) of \(inputs.observations) observations kept",
            "Regions: \(inputs.flaringRegions) flaring, \(inputs.nonflaringRegions) nonflaring. Label rule: \(inputs.labelRule). "
                + "The cuts choose which magnetograms become samples; every flare of a region counts for its labels "
                + "(flaring region, time to flare, sample class)",
            "Sample classes: " + ["X", "M", "C", "NO1", "NO2", "NO3", "NO4"].map { "\($0) \(inputs.sampleClasses[$0] ?? 0)" }
                .joined(separator: ", "),
            "Labelled samples: [manifest.json](manifest.json)",
        ])
        bhattacharjee?.reportSection(into: &report)
        guastavino?.reportSection(into: &report)
        report.heading("Files")
        report.links([("summary.json", "summary.json"), ("manifest.json", "manifest.json")])
        return report
    }
}
