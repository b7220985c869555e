import Evaluation
import Foundation

/// The settings a run folder of `flarekit tune` or `flarekit demo` was started with
/// (`tune-run.json`, `demo-run.json`: ``NamedSettings`` as JSON), checked when a run is resumed
/// so that a resume never mixes two runs' work. `flarekit train` keeps its own
/// ``TrainingRunRecord`` (which also stores the arguments `flarekit collect` needs).
///
/// ```swift
/// try RunSettingsRecord.claim(settings, file: "tune-run.json", in: run, resuming: true)
/// // throws EvaluationError.settingsMismatch naming "epochs: 1 there, 2 here" for another run
/// ```
public enum RunSettingsRecord {
    /// Checks `settings` against the record `file` in `run` when `resuming`, then records them.
    /// - Throws: `EvaluationError.settingsMismatch` naming each differing setting when resuming
    ///   a folder started with other settings (nothing is written then);
    ///   ``PipelinesError/file(path:problem:)`` for an unreadable record.
    public static func claim(_ settings: NamedSettings, file: String, in run: RunFolder, resuming: Bool) throws {
        let url = run.url.appendingPathComponent(file)
        if resuming, FileManager.default.fileExists(atPath: url.path) {
            let stored: NamedSettings
            do {
                stored = try JSONDecoder().decode(NamedSettings.self, from: Data(contentsOf: url))
            } catch {
                throw PipelinesError.file(path: url.path, problem: "not a settings record: \(error)")
            }
            let differences = settings.differences(from: stored)
            guard differences.isEmpty else { throw EvaluationError.settingsMismatch(path: url.path, differences: differences) }
        }
        try run.write(data: try JSONEncoder.sorted.encode(settings) + Data("\n".utf8), to: file)
    }
}
