import Foundation
import NeuralCore
import Magnetogram

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The index of a folder of SHARP CEA magnetograms as JSOC exports them: one
/// ``SHARPObservation`` per `hmi.sharp_cea_720s.<HARP>.<YYYYMMDD_HHMMSS>_TAI.magnetogram.fits`
/// file, read from the headers only, grouped into each HARP's time series.
///
/// - Files: the folder is scanned recursively by default (``Options/recursive``; flat when
///   `false`); hidden files and folders (names starting with `.`) are not looked at. Names are
///   matched with ``SHARPFileName``: other SHARP segments (`bitmap`, `Br`, `conf_disambig`, ...)
///   are skipped and counted per segment, unrelated files are ignored and counted.
/// - Records: see ``SHARPObservation/init(headers:path:fileName:)`` (T_REC converted from TAI
///   to UTC, the central meridian distance from LON_FWT or CRVAL1 - CRLN_OBS, ...).
/// - Failures: a magnetogram file that cannot be read (truncated, not FITS, a malformed
///   keyword, ...) is listed in ``report`` with the typed error's text; it never stops the scan.
/// - Cache: by default a JSON file ``cacheFileName`` in the folder (or a path of your choice,
///   or none) keeps every record with the file's size and modification time; the next scan
///   reuses the records of unchanged files and reads only new or changed ones. The cache is
///   written atomically; a folder that cannot be written, or whose write permission bit is off
///   (read-only data, even for root), only loses the cache
///   (``ArchiveIndexReport/CacheStatus/notWritten(reason:)``), not the index.
/// - Progress: `progress(done, total)` is called on the calling thread as magnetogram files
///   are done (cached ones at once), every ``Options/progressInterval`` files and at the end.
///
/// ```swift
/// let index = try ArchiveIndex(scanning: URL(fileURLWithPath: "sharp")) { done, total in
///     print("\r\(done)/\(total) headers", terminator: "")
/// }
/// print(index.report)
/// for harp in index.harpNumbers {
///     let series = index.timeSeries(ofHARP: harp)   // sorted by time
///     print(harp, series.count, series.first?.noaaRegions ?? [])
/// }
/// ```
public struct ArchiveIndex: Sendable {
    /// How to scan.
    public struct Options: Sendable {
        /// Where the cache lives.
        public enum Cache: Sendable, Equatable {
            /// ``ArchiveIndex/cacheFileName`` inside the scanned folder.
            case inDirectory
            /// A file of your choice (it remembers which folder it indexes and is not reused for
            /// another one).
            case at(URL)
            /// No cache: every header is read, nothing is written.
            case disabled
        }

        /// Scan subfolders too (default `true`: exports are sometimes split by HARP or date).
        public var recursive: Bool
        /// The cache (default: in the folder).
        public var cache: Cache
        /// Magnetogram files between two progress calls.
        public var progressInterval: Int
        /// The FITS reader (its options bound what a header may promise).
        public var reader: FITSReader
        /// Read plain FITS headers with the byte-level scanner first (default `true`): it finds
        /// the SHARP keywords without parsing every card, about 20 times faster than
        /// `FITSReader.readHeaders(at:)`, and hands any file it does not fully understand to
        /// the reader, so the records and errors are the same either way.
        public var fastHeaderScan: Bool
        /// Index magnetogram files that are not SHARP CEA line-of-sight magnetograms too
        /// (default `false`: a file that fails `SHARPMagnetogramCheck`, such as an AIA or
        /// full-disk image renamed `.magnetogram.fits`, is listed in the report's failures with
        /// what is wrong, not indexed; `flarekit index --accept-any-image`).
        public var acceptAnyImage: Bool

        /// Options with the defaults above.
        public init(
            recursive: Bool = true, cache: Cache = .inDirectory, progressInterval: Int = 100, reader: FITSReader = FITSReader(),
            fastHeaderScan: Bool = true, acceptAnyImage: Bool = false
        ) {
            self.acceptAnyImage = acceptAnyImage
            self.recursive = recursive
            self.cache = cache
            self.progressInterval = progressInterval
            self.reader = reader
            self.fastHeaderScan = fastHeaderScan
        }
    }

    /// The cache file name used with ``Options/Cache/inDirectory``.
    public static let cacheFileName = ".flarekit-archive-index.json"

    /// The folder scanned (`nil` for an index built from observations).
    public let directory: String?
    /// Every observation, sorted by HARP number, then time, then path.
    public let observations: [SHARPObservation]
    /// Each HARP's observations sorted by time (then path).
    public let timeSeriesByHARP: [Int: [SHARPObservation]]
    /// What the scan did.
    public let report: ArchiveIndexReport

    /// The HARP numbers, ascending.
    public var harpNumbers: [Int] { timeSeriesByHARP.keys.sorted() }

    /// One HARP's observations sorted by time (empty for an unknown HARP).
    public func timeSeries(ofHARP harp: Int) -> [SHARPObservation] { timeSeriesByHARP[harp] ?? [] }

    /// An index of observations you already have (for example hand-built ones in a test).
    public init(observations: [SHARPObservation], report: ArchiveIndexReport = ArchiveIndexReport(), directory: String? = nil) {
        let sorted = observations.sorted {
            ($0.harpNumber, $0.time, $0.path) < ($1.harpNumber, $1.time, $1.path)
        }
        self.observations = sorted
        self.timeSeriesByHARP = Dictionary(grouping: sorted, by: \.harpNumber)
        self.report = report
        self.directory = directory
    }

    /// Scans `directory` (see the type's documentation).
    /// - Throws: `DatasetsError.file` when the folder does not exist or cannot be listed. Files
    ///   that cannot be read are not errors: they are listed in ``report``.
    public init(
        scanning directory: URL, options: Options = Options(), progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws {
        let started = Date()
        let folder = directory.standardizedFileURL
        var report = ArchiveIndexReport()
        let candidates = try ArchiveIndex.listMagnetograms(in: folder, recursive: options.recursive, report: &report)
        report.magnetogramFiles = candidates.count

        // The cache, when it belongs to this folder.
        let cacheURL: URL?
        switch options.cache {
        case .inDirectory: cacheURL = folder.appendingPathComponent(ArchiveIndex.cacheFileName)
        case let .at(url): cacheURL = url
        case .disabled: cacheURL = nil
        }
        report.cachePath = cacheURL?.path
        var cached: [String: ArchiveIndexCache.Entry] = [:]
        var previous: ArchiveIndexCache?
        if let cacheURL, let cache = ArchiveIndexCache.load(from: cacheURL) {
            if options.cache == .inDirectory || cache.directory == folder.path {
                previous = cache
                for entry in cache.entries { cached[entry.file] = entry }
            }
        }

        // Reuse what matches; read the rest.
        var entries = [ArchiveIndexCache.Entry?](repeating: nil, count: candidates.count)
        var toRead: [Int] = []
        for (position, candidate) in candidates.enumerated() {
            if let entry = cached[candidate.relativePath], entry.size == candidate.size, entry.modified == candidate.modified {
                var reused = entry
                reused.observation?.path = candidate.path
                entries[position] = reused
            } else {
                toRead.append(position)
            }
        }
        report.reusedFromCache = candidates.count - toRead.count
        var done = report.reusedFromCache
        progress?(done, candidates.count)
        let interval = max(options.progressInterval, 1)
        for (count, position) in toRead.enumerated() {
            let candidate = candidates[position]
            var entry = ArchiveIndexCache.Entry(
                file: candidate.relativePath, size: candidate.size, modified: candidate.modified, observation: nil, failure: nil)
            do {
                if options.fastHeaderScan,
                   let (observation, problems) = SHARPHeaderScanner.observationAndImageProblems(path: candidate.path, fileName: candidate.name) {
                    entry.observation = observation
                    entry.imageProblems = problems
                } else {
                    let headers = try options.reader.readHeaders(at: candidate.path)
                    entry.observation = try SHARPObservation(headers: headers, path: candidate.path, fileName: candidate.name)
                    entry.imageProblems = SHARPObservation.imageHeader(headers).map {
                        SHARPMagnetogramCheck.problems(header: $0, path: candidate.path)
                    } ?? []
                }
            } catch {
                entry.failure = String(describing: error)
            }
            entries[position] = entry
            done += 1
            if (count + 1) % interval == 0 || count + 1 == toRead.count { progress?(done, candidates.count) }
        }
        report.headersRead = toRead.count

        let finished = entries.compactMap { $0 }
        var observations: [SHARPObservation] = []
        observations.reserveCapacity(finished.count)
        for (entry, candidate) in zip(finished, candidates) {
            if let observation = entry.observation {
                if !options.acceptAnyImage, let problems = entry.imageProblems, !problems.isEmpty {
                    let error = MagnetogramError.notSHARPMagnetogram(path: candidate.path, problems: problems)
                    report.failures.append(.init(path: candidate.path, reason: error.description))
                } else {
                    observations.append(observation)
                }
            } else {
                report.failures.append(.init(path: candidate.path, reason: entry.failure ?? "unreadable"))
            }
        }

        // Write the cache when anything changed.
        if let cacheURL {
            let unchanged = previous != nil && toRead.isEmpty && previous?.entries.count == finished.count
            if unchanged {
                report.cacheStatus = .reused
            } else if options.cache == .inDirectory, ArchiveIndex.isReadOnly(folder) {
                report.cacheStatus = .notWritten(reason: "\(folder.path) is read-only (no write permission bit): the index was not cached")
            } else {
                do {
                    try ArchiveIndexCache(directory: folder.path, entries: finished).write(to: cacheURL)
                    report.cacheStatus = previous == nil ? .created : .updated
                } catch {
                    report.cacheStatus = .notWritten(reason: String(describing: error))
                }
            }
        }
        report.seconds = Date().timeIntervalSince(started)
        self.init(observations: observations, report: report, directory: folder.path)
    }

    // MARK: Listing

    /// A magnetogram file found in the folder.
    struct Candidate {
        var relativePath: String
        var path: String
        var name: SHARPFileName
        var size: Int64
        var modified: Int64
    }

    /// The magnetogram files of the folder sorted by relative path, counting skipped and
    /// ignored files in `report`.
    static func listMagnetograms(in folder: URL, recursive: Bool, report: inout ArchiveIndexReport) throws -> [Candidate] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else {
            throw DatasetsError.file(path: folder.path, reason: "the archive folder does not exist")
        }
        guard isDirectory.boolValue else {
            throw DatasetsError.file(path: folder.path, reason: "is a file, not a folder")
        }
        var relativePaths: [String] = []
        if recursive {
            guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else {
                throw DatasetsError.file(path: folder.path, reason: "the folder cannot be listed")
            }
            while let item = enumerator.nextObject() as? String {
                let name = (item as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                relativePaths.append(item)
            }
        } else {
            do {
                relativePaths = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
            } catch {
                throw DatasetsError.file(path: folder.path, reason: "the folder cannot be listed: \(FileReadProblem.systemMessage(error))")
            }
        }
        relativePaths.sort()

        var candidates: [Candidate] = []
        for relative in relativePaths {
            let path = folder.path + "/" + relative
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let fileName = (relative as NSString).lastPathComponent
            guard let name = SHARPFileName(parsing: fileName) else {
                report.ignoredFiles += 1
                continue
            }
            guard name.isMagnetogram else {
                report.skippedSegments[name.segment, default: 0] += 1
                continue
            }
            candidates.append(Candidate(
                relativePath: relative, path: path, name: name, size: Int64(info.st_size),
                modified: ArchiveIndex.nanoseconds(info)))
        }
        return candidates
    }

    /// Whether a folder's owner write permission bit is off. Checked instead of `access(2)`,
    /// which lets root write anywhere: a data folder made read-only is left untouched even then.
    static func isReadOnly(_ folder: URL) -> Bool {
        var info = stat()
        guard stat(folder.path, &info) == 0 else { return true }
        return (info.st_mode & S_IWUSR) == 0
    }

    /// The modification time of a `stat` record in nanoseconds since 1970.
    static func nanoseconds(_ info: stat) -> Int64 {
        #if canImport(Darwin)
        Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
    }
}
