import Evaluation
import Foundation

/// The settings a run folder of `flarekit tune`, `flarekit demo` or `flarekit evaluate` was
/// started with (`tune-run.json`, `demo-run.json`, `evaluate-run.json`: ``NamedSettings`` as
/// JSON), checked whenever a run writes into the folder so that a folder never mixes two runs'
/// work. `flarekit train` keeps its own ``TrainingRunRecord`` (which also stores the arguments
/// `flarekit collect` needs).
///
/// ```swift
/// try RunSettingsRecord.claim(settings, file: "tune-run.json", in: run, overwrite: false)
/// // throws PipelinesError.runFolderInUse naming "epochs: 1 → 2" for another run
/// ```
public enum RunSettingsRecord {
    /// Checks `settings` against the record `file` in `run` (``RunFolder/claim(record:settings:stored:overwrite:)``:
    /// the same run goes on, another is refused or, with `overwrite`, cleared away), then records them.
    /// - Throws: ``PipelinesError/runFolderInUse(path:record:changes:)`` naming each differing
    ///   setting (nothing is written then); ``PipelinesError/notARunFolder(path:entries:)``;
    ///   ``PipelinesError/file(path:problem:)`` for an unreadable record.
    public static func claim(_ settings: NamedSettings, file: String, in run: RunFolder, overwrite: Bool) throws {
        try run.claim(record: file, settings: settings, stored: try stored(file: file, in: run), overwrite: overwrite)
        try run.write(data: try JSONEncoder.sorted.encode(settings) + Data("\n".utf8), to: file)
    }

    /// The settings the record `file` in `run` holds, or `nil` when there is none.
    /// - Throws: ``PipelinesError/file(path:problem:)`` for an unreadable record.
    public static func stored(file: String, in run: RunFolder) throws -> NamedSettings? {
        let url = run.url.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(NamedSettings.self, from: Data(contentsOf: url))
        } catch {
            throw PipelinesError.file(path: url.path, problem: "not a settings record: \(error)")
        }
    }
}
