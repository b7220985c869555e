import Datasets
import Foundation
import NeuralCore

/// Generates the synthetic archive into a folder, or reuses the one already there when it was
/// generated with the same configuration (recorded in `flarekit-archive.json` beside it).
struct SyntheticArchiveStage {
    var configuration: SyntheticArchive.Configuration
    var directory: URL
    var log: PipelineLog

    /// The file recording what generated the folder.
    static let recordName = "flarekit-archive.json"

    private struct Record: Codable {
        var configuration: String
        var directory: String, magnetogramFolder: String, harpTablePath: String, flareCatalogPath: String
        var regions: Int, magnetogramFiles: Int, totalBytes: Int64, flares: Int
    }

    /// What the stage hands on.
    struct Archive {
        var directory: String, magnetogramFolder: String, harpTablePath: String, flareCatalogPath: String
        var regions: Int, magnetogramFiles: Int, totalBytes: Int64, flares: Int
    }

    func prepare() throws -> Archive {
        let fingerprint = String(reflecting: configuration)
        let recordURL = directory.appendingPathComponent(Self.recordName)
        if let data = try? Data(contentsOf: recordURL), let record = try? JSONDecoder().decode(Record.self, from: data),
           record.configuration == fingerprint, FileManager.default.fileExists(atPath: record.flareCatalogPath)
        {
            log("demo: reusing the archive in \(record.directory) (\(record.magnetogramFiles) files)")
            return Archive(
                directory: record.directory, magnetogramFolder: record.magnetogramFolder, harpTablePath: record.harpTablePath,
                flareCatalogPath: record.flareCatalogPath, regions: record.regions, magnetogramFiles: record.magnetogramFiles,
                totalBytes: record.totalBytes, flares: record.flares)
        }
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        if !existing.isEmpty, !existing.contains(Self.recordName) {
            throw PipelinesError.file(
                path: directory.path,
                problem: "exists and is not an archive the demo generated; give a new or empty folder")
        }
        log("demo: generating \(configuration.regionCount) regions x \(configuration.framesPerRegion) magnetograms into \(directory.path)")
        let summary = try SyntheticArchive(configuration: configuration).generate(into: directory, replacingExisting: true)
        log(String(format: "demo: archive ready, %d files, %.1f MB, %d flares, %.1f s",
                   summary.magnetogramFiles, Double(summary.totalBytes) / 1e6, summary.flares, summary.seconds))
        let record = Record(
            configuration: fingerprint, directory: summary.directory, magnetogramFolder: summary.magnetogramFolder,
            harpTablePath: summary.harpTablePath, flareCatalogPath: summary.flareCatalogPath, regions: summary.regions,
            magnetogramFiles: summary.magnetogramFiles, totalBytes: summary.totalBytes, flares: summary.flares)
        try writeAtomically(try JSONEncoder().encode(record), to: recordURL)
        return Archive(
            directory: summary.directory, magnetogramFolder: summary.magnetogramFolder, harpTablePath: summary.harpTablePath,
            flareCatalogPath: summary.flareCatalogPath, regions: summary.regions, magnetogramFiles: summary.magnetogramFiles,
            totalBytes: summary.totalBytes, flares: summary.flares)
    }
}
