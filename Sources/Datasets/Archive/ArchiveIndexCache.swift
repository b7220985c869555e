import Foundation
import NeuralCore

/// The JSON file in which an ``ArchiveIndex`` keeps what it read, so that the next scan reads
/// only the headers of new or changed files.
///
/// Layout: `{"format": "flarekit-archive-index", "version": 3, "directory": "...", "entries":
/// [{"file": "relative/path", "size": bytes, "modified": nanoseconds since 1970, "observation":
/// {...} | null, "failure": "text" | null}, ...]}`. An entry is reused when its relative path,
/// size and modification time (to the nanosecond) all match the file on disk. Files that failed
/// are cached with their error text, so an unchanged broken file is reported again without
/// being re-read. `directory` is written relative to the cache file's folder (`.` for the
/// cache inside the scanned folder), so an archive moved together with its cache keeps it; an
/// absolute `directory` (earlier caches) is read as it is.
///
/// Versions: 3 records each file's ``Entry/imageProblems`` (`SHARPMagnetogramCheck`), so
/// that a file indexed with `acceptAnyImage` is refused again without it; a version-2 cache
/// lacks them and is not loaded. 2 records the SHARP space-weather keywords
/// (``SHARPObservation/spaceWeatherKeywords``). A version-1 cache lacks them, and reusing its
/// records would give every unchanged file "no keywords": it is not loaded, so the first scan
/// after the upgrade reads every header again and writes a version-2 cache.
struct ArchiveIndexCache: Codable {
    static let format = "flarekit-archive-index"
    static let version = 3

    /// One file's record.
    struct Entry: Codable {
        var file: String
        var size: Int64
        var modified: Int64
        var observation: SHARPObservation?
        var failure: String?
        /// Why the file is not a SHARP CEA line-of-sight magnetogram (empty when it is one).
        var imageProblems: [String]?
    }

    var format = ArchiveIndexCache.format
    var version = ArchiveIndexCache.version
    /// The scanned directory (absolute and standardised in memory; relative to the cache file's
    /// folder in the file).
    var directory: String
    var entries: [Entry]

    /// Reads a cache; `nil` when there is none or it is unreadable or of another format (the
    /// index is then rebuilt, never trusted half-way).
    static func load(from url: URL) -> ArchiveIndexCache? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let data = try? Data(contentsOf: url),
              let cache = try? decoder.decode(ArchiveIndexCache.self, from: data),
              cache.format == format, cache.version == version
        else { return nil }
        var resolved = cache
        if !cache.directory.hasPrefix("/") {
            resolved.directory = url.deletingLastPathComponent().appendingPathComponent(cache.directory).standardizedFileURL.path
        }
        return resolved
    }

    /// Writes the cache atomically (temporary file renamed over the destination).
    /// - Throws: `DatasetsError.file` naming the cache file.
    func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        do {
            var stored = self
            stored.directory = SampleManifest.relativePath(directory, from: url.standardizedFileURL.deletingLastPathComponent().path)
            let data = try encoder.encode(stored)
            try data.write(to: url, options: .atomic)
        } catch {
            throw DatasetsError.file(path: url.path, reason: "cannot write the archive index cache: \(FileReadProblem.systemMessage(error))")
        }
    }
}
