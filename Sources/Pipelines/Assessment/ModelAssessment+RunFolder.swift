import Evaluation
import Foundation

extension ModelAssessment {
    /// The assessment's settings record in its run folder (`flarekit evaluate`).
    public static let settingsFileName = "evaluate-run.json"

    /// Every setting that decides the assessment's files, by name: the weight files, the
    /// samples (``samplesName``), the threshold, the SHARP folder, the video cadence, the label
    /// scored and whether any image is accepted. The batch size and the loading do not change a result and are left out.
    public var settings: NamedSettings {
        NamedSettings([
            "weights": weights.map(\.standardizedFileURL.path).joined(separator: ","),
            "samples": samplesName, "threshold": "\(threshold)",
            "SHARP folder": sharpDirectory?.standardizedFileURL.path ?? "none",
            "video cadence": prediction.videoCadence.map { "\($0)" } ?? "the weights'",
            "label": prediction.target?.rawValue ?? "the weights'", "accept any image": "\(prediction.acceptAnyImage)",
        ])
    }

    /// Claims `run` for this assessment before anything is written (`evaluate-run.json`,
    /// ``RunSettingsRecord/claim(_:file:in:overwrite:)``): the same assessment writes into it
    /// again, another is refused or, with `overwrite`, the folder is cleared first.
    /// - Throws: ``PipelinesError/runFolderInUse(path:record:changes:)``,
    ///   ``PipelinesError/notARunFolder(path:entries:)``.
    public func claim(_ run: RunFolder, overwrite: Bool) throws {
        try RunSettingsRecord.claim(settings, file: Self.settingsFileName, in: run, overwrite: overwrite)
    }
}
