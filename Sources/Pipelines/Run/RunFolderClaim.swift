import Evaluation
import Foundation
import NeuralCore

/// Who may write into a run folder: the run whose settings its record holds.
///
/// A command records the settings that decide its results (``NamedSettings``; not `--splits`,
/// `--resume`, `--figure-format`, threads or progress options) in its settings record
/// (`training-run.json`, `tune-run.json`, `demo-run.json`, `evaluate-run.json`). Before
/// anything is written, ``RunFolder/claim(record:settings:stored:overwrite:)`` lets in only
/// the same run (its other splits, a resume, a rerun): a folder holding a run with other settings,
/// or another command's run, is refused unless `overwrite` clears it first, and a non-empty
/// folder with no settings record is neither written into nor cleared.
///
/// ```swift
/// let stored = try RunSettingsRecord.stored(file: "tune-run.json", in: run)
/// try run.claim(record: "tune-run.json", settings: settings, stored: stored, overwrite: false)
/// // PipelinesError.runFolderInUse: ".../runs/a holds another run (tune-run.json): epochs: 1 → 2; ..."
/// ```
extension RunFolder {
    /// The settings records of FlareKit's commands; a folder holding one is a run folder.
    public static let settingsRecordNames = ["training-run.json", "tune-run.json", "demo-run.json", "evaluate-run.json"]

    /// Checks that the run recorded as `settings` in `record` may write into this folder, clearing
    /// it first when it holds another run and `overwrite` is set.
    ///
    /// - The folder is empty (hidden files aside), or `stored` (the settings `record` holds) are
    ///   `settings`: nothing to do.
    /// - It holds another run (other settings in `record`, or another command's record): with
    ///   `overwrite` everything in it is removed; without, refused.
    /// - It holds files but no settings record: refused, with or without `overwrite`.
    /// - Throws: ``PipelinesError/runFolderInUse(path:record:changes:)`` naming the first
    ///   differing settings (old → new); ``PipelinesError/notARunFolder(path:entries:)``;
    ///   ``PipelinesError/file(path:problem:)`` when a file cannot be removed.
    public func claim(record: String, settings: NamedSettings, stored: NamedSettings?, overwrite: Bool) throws {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        guard !entries.isEmpty else { return }
        let changes: [String], found: String
        if let stored {
            changes = Self.changes(from: stored, to: settings)
            found = record
            if changes.isEmpty { return }
        } else if let other = Self.settingsRecordNames.first(where: entries.contains) {
            changes = ["run: \(Self.commandName(other)) → \(Self.commandName(record))"]
            found = other
        } else {
            throw PipelinesError.notARunFolder(path: url.path, entries: entries)
        }
        guard overwrite else {
            throw PipelinesError.runFolderInUse(path: url.path, record: found, changes: changes)
        }
        try clear()
    }

    /// Removes everything inside the folder (the folder stays).
    /// - Throws: ``PipelinesError/file(path:problem:)`` naming what cannot be removed.
    public func clear() throws {
        try remove((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [])
    }

    /// One line per setting that differs, sorted by name: `name: old → new` (`unset` for a
    /// setting one side lacks).
    static func changes(from stored: NamedSettings, to current: NamedSettings) -> [String] {
        Set(stored.values.keys).union(current.values.keys).sorted().compactMap { name in
            let old = stored.values[name], new = current.values[name]
            return old == new ? nil : "\(name): \(old ?? "unset") → \(new ?? "unset")"
        }
    }

    /// The command a settings record belongs to (`training-run.json` → `flarekit train`).
    static func commandName(_ record: String) -> String {
        switch record {
        case "training-run.json": "flarekit train"
        case "tune-run.json": "flarekit tune"
        case "demo-run.json": "flarekit demo"
        case "evaluate-run.json": "flarekit evaluate"
        default: record
        }
    }
}

extension RunFolder {
    /// Removes the files and folders `relativePaths` of the folder that exist (a command's own
    /// files an earlier run wrote and this one does not, so that none is left beside the new run's).
    /// - Throws: ``PipelinesError/file(path:problem:)`` naming a file that cannot be removed.
    public func remove(_ relativePaths: [String]) throws {
        for path in relativePaths {
            let item = url.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: item.path) else { continue }
            do {
                try FileManager.default.removeItem(at: item)
            } catch {
                throw PipelinesError.file(path: item.path, problem: "cannot remove an earlier run's file or folder: \(FileReadProblem.systemMessage(error))")
            }
        }
    }
}
