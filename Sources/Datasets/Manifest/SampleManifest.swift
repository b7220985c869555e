import Foundation
import NeuralCore

/// The labelled samples of an archive, the settings that labelled them and the labelling
/// report: what `flarekit index` writes and every later step reads.
///
/// The JSON file has snake_case keys (`format_version`, `configuration`, `report`, `samples`,
/// each sample with `observation`, `is_flaring_region`, `sample_class`, ...), instants as ISO 8601
/// UTC strings to the millisecond, and windows in seconds; absent optional values (no time to
/// flare, no QUALITY) are left out. ``write(to:)`` replaces the file atomically.
///
/// Paths (format version 2): each sample's `observation.path` and `sharp_directory` (the SHARP
/// folder the samples were indexed from) are written relative to the manifest's own folder, so
/// an archive moved together with its manifest still reads; ``init(contentsOf:sharpDirectory:)``
/// resolves them against the manifest's folder, or looks the magnetograms up in a SHARP folder
/// given later (`--sharp-dir`). Version-1 manifests (absolute paths) are still read.
///
/// ```swift
/// let manifest = try SampleLabeler().label(observations: archive, events: events, map: map)
/// try manifest.write(to: URL(fileURLWithPath: "run/manifest.json"))
/// let again = try SampleManifest(contentsOf: URL(fileURLWithPath: "run/manifest.json"))
/// try manifest.writeCSV(to: URL(fileURLWithPath: "run/manifest.csv"))
/// ```
public struct SampleManifest: Sendable, Hashable, Codable {
    /// The format version this code writes.
    public static let currentFormatVersion = 2
    /// The format versions this code reads: 1 (absolute paths) and 2 (paths relative to the manifest).
    public static let readableFormatVersions = 1...2

    /// The format version of the file.
    public var formatVersion: Int
    /// The settings the samples were labelled with.
    public var configuration: SampleLabelingConfiguration
    /// The labelling report.
    public var report: LabelingReport
    /// The labelled samples.
    public var samples: [LabeledSample]
    /// The SHARP folder the samples were indexed from (`sharp_directory`; absolute in memory,
    /// relative to the manifest in the file; `nil` in a version-1 file). A SHARP folder given
    /// when the manifest is read replaces it.
    public var sharpDirectory: String?

    /// Creates a manifest.
    public init(
        configuration: SampleLabelingConfiguration, report: LabelingReport, samples: [LabeledSample],
        formatVersion: Int = SampleManifest.currentFormatVersion, sharpDirectory: String? = nil
    ) {
        self.sharpDirectory = sharpDirectory
        self.formatVersion = formatVersion
        self.configuration = configuration
        self.report = report
        self.samples = samples
    }

    /// The manifest as JSON, paths as they are (``write(to:)`` makes them relative to the file).
    public func jsonData() throws -> Data {
        do {
            return try ManifestCoding.encoder().encode(self)
        } catch {
            throw DatasetsError.invalidValue(
                what: "sample manifest", value: "\(samples.count) samples",
                reason: "cannot be encoded as JSON: \(error)")
        }
    }

    /// Reads a manifest from JSON; `path` names the source in errors.
    /// - Throws: ``DatasetsError/file(path:reason:)`` for malformed JSON or an unknown version.
    public init(jsonData: Data, path: String = "<data>") throws {
        let manifest: SampleManifest
        do {
            manifest = try ManifestCoding.decoder().decode(SampleManifest.self, from: jsonData)
        } catch {
            throw DatasetsError.file(path: path, reason: "not a sample manifest: \(ManifestCoding.describe(error))")
        }
        guard SampleManifest.readableFormatVersions.contains(manifest.formatVersion) else {
            throw DatasetsError.file(
                path: path,
                reason: "format_version is \(manifest.formatVersion); this FlareKit reads versions "
                    + "\(SampleManifest.readableFormatVersions.lowerBound) to \(SampleManifest.readableFormatVersions.upperBound)")
        }
        self = manifest
    }

    /// Reads a manifest file, its relative paths resolved against the file's folder; with
    /// `sharpDirectory` (`--sharp-dir`), the magnetograms are looked up there instead
    /// (``resolvingPaths(manifestFolder:sharpDirectory:)``). Nothing is checked on disk: see
    /// ``checkMagnetograms(manifest:sharpDirectory:)``.
    public init(contentsOf url: URL, sharpDirectory: URL? = nil) throws {
        let data = try FileReadProblem.contents(of: url) { DatasetsError.file(path: url.path, reason: $0) }
        try self.init(jsonData: data, path: url.path)
        self = resolvingPaths(manifestFolder: url.standardizedFileURL.deletingLastPathComponent(), sharpDirectory: sharpDirectory)
    }

    /// Writes the manifest as JSON (format version 2, paths relative to the file's folder),
    /// replacing the file atomically.
    public func write(to url: URL) throws {
        try ManifestCoding.writeAtomically(relativizingPaths(to: url.standardizedFileURL.deletingLastPathComponent()).jsonData(), to: url)
    }
}
