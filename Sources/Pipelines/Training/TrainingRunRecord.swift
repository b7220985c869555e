import Evaluation
import Foundation
import NeuralCore

/// `training-run.json`: what a training run folder was started with. ``TrainingRun`` writes it
/// before training and checks it whenever a process adds to the folder (a Slurm array task, a
/// resumed run, an assembly), so a folder never mixes two runs; `flarekit collect` rebuilds the
/// run from its ``arguments``.
///
/// ```swift
/// if let record = try TrainingRunRecord.read(from: run) {
///     print(record.arguments.joined(separator: " "))    // --manifest /data/manifest.json --arch cnn1 ...
/// }
/// ```
public struct TrainingRunRecord: Codable, Equatable, Sendable {
    /// The file's name in the run folder.
    public static let fileName = "training-run.json"
    /// The format tag.
    public static let currentFormat = "flarekit-training-run-1"

    /// ``currentFormat``.
    public var format: String
    /// The `flarekit train` arguments that rebuild the run (``TrainingRun/arguments``; empty for
    /// a run built in Swift).
    public var arguments: [String]
    /// Every setting of the run (``TrainingRun/settings``).
    public var settings: NamedSettings

    /// Creates a record.
    public init(arguments: [String], settings: NamedSettings) {
        format = Self.currentFormat
        self.arguments = arguments
        self.settings = settings
    }

    /// The record in `run`, or `nil` when it has none.
    /// - Throws: ``PipelinesError/file(path:problem:)`` when the file cannot be read or is not a record.
    public static func read(from run: RunFolder) throws -> TrainingRunRecord? {
        let url = run.url.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data = try FileReadProblem.contents(of: url) { PipelinesError.file(path: url.path, problem: $0) }
        let record: TrainingRunRecord
        do {
            record = try JSONDecoder().decode(TrainingRunRecord.self, from: data)
        } catch {
            throw PipelinesError.file(path: url.path, problem: "not a training-run record: \(JSONDecodingProblem(error))")
        }
        guard record.format == currentFormat else {
            throw PipelinesError.file(path: url.path, problem: "format '\(record.format)', expected '\(currentFormat)'")
        }
        return record
    }

    /// Writes the record into `run`, atomically.
    public func write(to run: RunFolder) throws {
        try run.write(data: try JSONEncoder.sorted.encode(self) + Data("\n".utf8), to: Self.fileName)
    }
}
