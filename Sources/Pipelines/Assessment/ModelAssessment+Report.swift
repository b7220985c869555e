import Datasets
import Foundation

extension ModelAssessment {
    /// `flarekit evaluate` in one call: claims `run` for this assessment
    /// (``claim(_:overwrite:)``), assesses `samples` (``run(samples:in:)``) and writes
    /// `report.md` at the run folder's top (``report(of:samplesDescription:)``).
    ///
    /// ```swift
    /// let manifest = try SampleManifest(contentsOf: manifestURL)
    /// let result = try RunFolder.using(outputURL) { run in
    ///     try assessment.runWithReport(samples: manifest.samples, samplesDescription: manifestURL.path, in: run, overwrite: false)
    /// }
    /// ```
    /// - Throws: as ``claim(_:overwrite:)`` and ``run(samples:in:)``, and
    ///   ``PipelinesError/file(path:problem:)`` when the report cannot be written.
    public func runWithReport(
        samples: [LabeledSample], samplesDescription: String, in run: RunFolder, overwrite: Bool
    ) throws -> ModelAssessmentResult {
        try claim(run, overwrite: overwrite)
        let result = try self.run(samples: samples, in: run)
        try run.write(text: report(of: result, samplesDescription: samplesDescription).text, to: "report.md")
        return result
    }

    /// The evaluation report of `result`: the samples (`samplesDescription`, the manifest's
    /// path as the user gave it, say), the weight files, then
    /// ``ModelAssessmentResult/reportSection(into:)``.
    public func report(of result: ModelAssessmentResult, samplesDescription: String) -> MarkdownReport {
        var report = MarkdownReport(title: "FlareKit evaluation")
        report.paragraph("Samples: `\(samplesDescription)`. Models: " + weights.map { "`\($0.path)`" }.joined(separator: ", ") + ".")
        result.reportSection(into: &report)
        return report
    }
}
