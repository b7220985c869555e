import Evaluation
import Foundation
import Interpretability
import NeuralCore

/// `flarekit probe`'s output folder as a library call: a bipole sweep (Bhattacharjee et al.
/// 2020, Sect. 4.4) as `sweep.json`, `sweep.csv` and `sweep.svg`, the high-to-low peak radius
/// ratios of Fig. 10 (right) as `peak_ratio.json`/`.csv`/`.svg` when swept, and `report.md`.
///
/// ```swift
/// let sweep = try BipoleProbe(flareModels: models).sweep(.radius, values: radii, series: [settings])
/// let output = BipoleProbeOutput(sweep: sweep, models: weightPaths)
/// try output.write(toFolder: "probe")
/// print(output.table())
/// ```
public struct BipoleProbeOutput {
    /// Every file the output folder can receive; an earlier probe's files this one does not
    /// write are removed from the folder.
    public static let fileNames = [
        "sweep.json", "sweep.csv", "sweep.svg", "peak_ratio.json", "peak_ratio.csv", "peak_ratio.svg", "report.md",
    ]

    /// The sweep (one curve per arrangement, or per arrangement and model set).
    public var sweep: BipoleSweep
    /// The peak ratios against the magnetogram's aspect ratio, when swept.
    public var peakRatios: PeakRatioSweep?
    /// The weight files the report names (as the user gave them).
    public var models: [String]

    /// The output of `sweep` (and `peakRatios`) through the models of `models`.
    public init(sweep: BipoleSweep, peakRatios: PeakRatioSweep? = nil, models: [String]) {
        self.sweep = sweep
        self.peakRatios = peakRatios
        self.models = models
    }

    /// Each curve's points (value, mean output, standard error) and its low and high peaks, as
    /// plain text.
    public func table() -> String {
        var lines: [String] = []
        let name = sweep.parameter.rawValue
        for curve in sweep.curves {
            lines.append("curve \(curve.label) (\(sweep.modelCount) model\(sweep.modelCount == 1 ? "" : "s"))")
            lines.append(name.padding(toLength: max(12, name.count), withPad: " ", startingAt: 0) + "        mean    std.err")
            for point in curve.points {
                lines.append(String(format: "%-\(max(12, name.count))g  %10.6f %10.6f", point.value, point.mean, point.standardError))
            }
            let peaks = curve.peaks()
            func describe(_ peak: OutputPeaks.Peak?) -> String {
                peak.map { String(format: "%g (output %.6f)", $0.position, $0.value) } ?? "none"
            }
            lines.append("low peak: \(describe(peaks.low)), high peak: \(describe(peaks.high))")
        }
        return lines.joined(separator: "\n")
    }

    /// The report: the models, the sweep's warnings, ``table()``, the figures and the data files.
    public func report() -> MarkdownReport {
        let swept = sweep.parameter.rawValue
        var report = MarkdownReport(title: "Bipole probe: \(swept) sweep")
        report.paragraph("Models: " + models.map { "`\($0)`" }.joined(separator: ", ") + ".")
        for warning in sweep.warnings { report.paragraph("**Warning:** " + warning + ".") }
        report.paragraph("```\n" + table() + "\n```")
        report.figure("sweep.svg", caption: "Mean output (± standard error over the models) against \(swept)")
        if let peakRatios {
            report.figure("peak_ratio.svg", caption: "High-to-low peak radius against magnetogram aspect ratio (Fig. 10 right)")
            report.paragraph("```\n" + peakRatios.csv() + "```")
        }
        report.links([("sweep (JSON)", "sweep.json"), ("sweep (CSV)", "sweep.csv")]
            + (peakRatios == nil ? [] : [("peak ratios (CSV)", "peak_ratio.csv")]))
        return report
    }

    /// Writes the files into the folder at `path` (created when missing), removing the files of
    /// ``fileNames`` an earlier probe left there that this one does not write (never an input:
    /// they are outputs only).
    /// - Throws: `InterpretabilityError.file` naming `path` when the folder cannot be created;
    ///   the writing errors of Evaluation and ``PipelinesError/file(path:problem:)``.
    public func write(toFolder path: String) throws {
        let folder = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw InterpretabilityError.file(path: path, problem: "cannot create the folder: \(FileReadProblem.systemMessage(error))")
        }
        let writes = Self.fileNames.filter { peakRatios != nil || !$0.hasPrefix("peak_ratio.") }
        try RunFolder(at: folder).remove(Self.fileNames.filter { !writes.contains($0) })
        try sweep.write(json: folder.appendingPathComponent("sweep.json"), csv: folder.appendingPathComponent("sweep.csv"))
        try sweep.figure().write(to: folder.appendingPathComponent("sweep.svg"))
        if let peakRatios {
            try peakRatios.write(
                json: folder.appendingPathComponent("peak_ratio.json"), csv: folder.appendingPathComponent("peak_ratio.csv"))
            try peakRatios.figure().write(to: folder.appendingPathComponent("peak_ratio.svg"))
        }
        try RunFolder(at: folder).write(text: report().text, to: "report.md")
    }
}
