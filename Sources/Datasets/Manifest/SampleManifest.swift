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
/// ```swift
/// let manifest = try SampleLabeler().label(observations: archive, events: events, map: map)
/// try manifest.write(to: URL(fileURLWithPath: "run/manifest.json"))
/// let again = try SampleManifest(contentsOf: URL(fileURLWithPath: "run/manifest.json"))
/// try manifest.writeCSV(to: URL(fileURLWithPath: "run/manifest.csv"))
/// ```
public struct SampleManifest: Sendable, Hashable, Codable {
    /// The format version this code writes.
    public static let currentFormatVersion = 1

    /// The format version of the file.
    public var formatVersion: Int
    /// The settings the samples were labelled with.
    public var configuration: SampleLabelingConfiguration
    /// The labelling report.
    public var report: LabelingReport
    /// The labelled samples.
    public var samples: [LabeledSample]

    /// Creates a manifest.
    public init(
        configuration: SampleLabelingConfiguration, report: LabelingReport, samples: [LabeledSample],
        formatVersion: Int = SampleManifest.currentFormatVersion
    ) {
        self.formatVersion = formatVersion
        self.configuration = configuration
        self.report = report
        self.samples = samples
    }

    /// The manifest as JSON.
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
        guard manifest.formatVersion == SampleManifest.currentFormatVersion else {
            throw DatasetsError.file(
                path: path,
                reason: "format_version is \(manifest.formatVersion); this FlareKit reads version \(SampleManifest.currentFormatVersion)")
        }
        self = manifest
    }

    /// Reads a manifest file.
    public init(contentsOf url: URL) throws {
        let data = try FileReadProblem.contents(of: url) { DatasetsError.file(path: url.path, reason: $0) }
        try self.init(jsonData: data, path: url.path)
    }

    /// Writes the manifest as JSON, replacing the file atomically.
    public func write(to url: URL) throws {
        try ManifestCoding.writeAtomically(jsonData(), to: url)
    }
}
