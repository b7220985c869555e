import Datasets
import Foundation
import NeuralCore

/// Generates the synthetic archive into a folder, or reuses the one already there when it was
/// generated with the same configuration (recorded in `flarekit-archive.json` beside it, with
/// paths relative to the folder, so a moved archive is reused where it is now).
///
/// An archive is generated only into a new or empty folder: a folder whose record names other
/// settings, or whose recorded files are gone, is an error, never silently generated again.
struct SyntheticArchiveStage {
    var configuration: SyntheticArchive.Configuration
    var directory: URL
    var log: PipelineLog

    /// The file recording what generated the folder.
    static let recordName = "flarekit-archive.json"

    /// The record; paths relative to the archive folder (absolute in records of earlier versions).
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
        let folder = directory.standardizedFileURL
        let recordURL = folder.appendingPathComponent(Self.recordName)
        if FileManager.default.fileExists(atPath: recordURL.path) {
            let record: Record
            do {
                record = try JSONDecoder().decode(Record.self, from: Data(contentsOf: recordURL))
            } catch {
                throw PipelinesError.file(path: recordURL.path, problem: "not a demo archive record: \(error)")
            }
            guard record.configuration == fingerprint else {
                throw PipelinesError.file(
                    path: folder.path,
                    problem: "holds a demo archive generated with other settings (\(Self.recordName)); give another --archive "
                        + "folder, or remove this one to generate it again")
            }
            // Paths relative to the folder; an earlier record's absolute paths are taken from
            // where the archive was to where it is now.
            func located(_ path: String) -> String {
                if !path.hasPrefix("/") { return path == "." ? folder.path : folder.appendingPathComponent(path).standardizedFileURL.path }
                let old = URL(fileURLWithPath: record.directory).standardizedFileURL.path
                return path == old ? folder.path : path.hasPrefix(old + "/") ? folder.path + path.dropFirst(old.count) : path
            }
            let archive = Archive(
                directory: folder.path, magnetogramFolder: located(record.magnetogramFolder), harpTablePath: located(record.harpTablePath),
                flareCatalogPath: located(record.flareCatalogPath), regions: record.regions, magnetogramFiles: record.magnetogramFiles,
                totalBytes: record.totalBytes, flares: record.flares)
            if let missing = [archive.magnetogramFolder, archive.harpTablePath, archive.flareCatalogPath]
                .first(where: { !FileManager.default.fileExists(atPath: $0) }) {
                throw PipelinesError.file(
                    path: missing,
                    problem: "missing: \(recordURL.path) records a demo archive whose files are gone (moved or deleted); give "
                        + "--archive the folder the archive is in now, or remove \(folder.path) to generate it again")
            }
            log("demo: reusing the archive in \(folder.path) (\(record.magnetogramFiles) files)")
            return archive
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
        func relative(_ path: String) -> String { SampleManifest.relativePath(path, from: folder.path) }
        let record = Record(
            configuration: fingerprint, directory: ".", magnetogramFolder: relative(summary.magnetogramFolder),
            harpTablePath: relative(summary.harpTablePath), flareCatalogPath: relative(summary.flareCatalogPath),
            regions: summary.regions, magnetogramFiles: summary.magnetogramFiles, totalBytes: summary.totalBytes, flares: summary.flares)
        try writeAtomically(try JSONEncoder().encode(record), to: recordURL)
        return Archive(
            directory: summary.directory, magnetogramFolder: summary.magnetogramFolder, harpTablePath: summary.harpTablePath,
            flareCatalogPath: summary.flareCatalogPath, regions: summary.regions, magnetogramFiles: summary.magnetogramFiles,
            totalBytes: summary.totalBytes, flares: summary.flares)
    }
}
