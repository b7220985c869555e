import Foundation

/// What building an ``ArchiveIndex`` did: the files it found, the headers it read or reused from
/// the cache, the files it skipped, and every file it could not read, with the reason.
public struct ArchiveIndexReport: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A magnetogram file whose header could not be read into an observation.
    public struct Failure: Sendable, Hashable, Codable {
        /// Path of the file.
        public var path: String
        /// The typed error's text (a `MagnetogramError` or `DatasetsError` description).
        public var reason: String

        /// Creates a failure record.
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// What happened to the cache file.
    public enum CacheStatus: Sendable, Equatable, Codable {
        /// Caching was switched off.
        case disabled
        /// There was no usable cache (none, another format, another directory): every header was
        /// read and the cache written.
        case created
        /// The cache matched every file: no header was read and nothing was written.
        case reused
        /// Part of the cache matched: the changed or new files were read and the cache rewritten.
        case updated
        /// The index is complete but the cache could not be written (for example a read-only
        /// folder); the reason is the error's text.
        case notWritten(reason: String)
    }

    /// Files named as SHARP magnetogram segments (`...magnetogram.fits`).
    public var magnetogramFiles = 0
    /// Headers read from disk in this scan.
    public var headersRead = 0
    /// Observations (or failures) taken from the cache without reading the file.
    public var reusedFromCache = 0
    /// Other SHARP segment files, skipped by name, counted per segment (`bitmap`, `Br`, ...).
    public var skippedSegments: [String: Int] = [:]
    /// Files whose names are not SHARP export names at all (ignored).
    public var ignoredFiles = 0
    /// Magnetogram files that could not be read, sorted by path.
    public var failures: [Failure] = []
    /// The cache outcome.
    public var cacheStatus: CacheStatus = .disabled
    /// The cache file used, if any.
    public var cachePath: String?
    /// Wall-clock seconds the scan took.
    public var seconds = 0.0

    /// Creates an empty report.
    public init() {}

    /// Skipped segment files in total.
    public var skippedSegmentFiles: Int { skippedSegments.values.reduce(0, +) }

    /// Several lines for people: counts, the cache outcome and each failure.
    public var description: String {
        var lines = [
            "\(magnetogramFiles) magnetogram files: \(headersRead) headers read, \(reusedFromCache) from the cache, "
                + "\(failures.count) unreadable (\(String(format: "%.2f", seconds)) s)",
        ]
        if !skippedSegments.isEmpty {
            let parts = skippedSegments.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            lines.append("skipped other segments: " + parts.joined(separator: ", "))
        }
        if ignoredFiles > 0 { lines.append("ignored \(ignoredFiles) files with other names") }
        switch cacheStatus {
        case .disabled: lines.append("cache: off")
        case .created: lines.append("cache: written to \(cachePath ?? "?")")
        case .reused: lines.append("cache: reused \(cachePath ?? "?")")
        case .updated: lines.append("cache: updated \(cachePath ?? "?")")
        case let .notWritten(reason): lines.append("cache: not written (\(reason))")
        }
        for failure in failures { lines.append("unreadable: \(failure.reason)") }
        return lines.joined(separator: "\n")
    }
}
