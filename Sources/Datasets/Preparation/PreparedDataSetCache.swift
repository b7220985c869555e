import Foundation
import NeuralCore

/// A folder of prepared data sets (``PreparedDataSet``), one HDF5 file per list of samples and
/// preparation, named `<manifest checksum>-<preparation hash>.h5`: every run, fold, trial, MPI
/// rank or Slurm array task over the same manifest and preparation that points here shares one
/// file, built once.
///
/// ``dataSet(for:sampleIDs:preparation:)`` opens the file when it is there and intact;
/// otherwise one process builds it under a lock file (`<name>.h5.lock`, an `flock` the kernel
/// releases if the builder dies, removed once the file is in place) while the others wait,
/// then open what it wrote. A file that
/// cannot be opened (truncated, damaged, foreign, of another format version) is built again
/// with a message. On a file system without `flock`, each process builds its own temporary
/// file and renames it into place (same content; the last rename wins).
///
/// ```swift
/// let cache = try PreparedDataSetCache(directory: runFolder.appendingPathComponent("cache/inputs"), log: { print($0) })
/// print(try cache.plan(for: items, preparation: preparation))   // where, and how large
/// let dataSet = try cache.dataSet(for: items, preparation: preparation)
/// let source = try MagnetogramBatchSource(items: items, preparation: preparation, dataSet: dataSet)
/// ```
public final class PreparedDataSetCache: @unchecked Sendable {
    /// What the cache did since it was created.
    public struct Statistics: Sendable, Equatable {
        /// Data sets opened as found.
        public var opened = 0
        /// Data sets built because none existed.
        public var built = 0
        /// Data sets built again because the file found could not be used.
        public var rebuilt = 0
    }

    /// The folder.
    public let directory: URL
    private let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var counts = Statistics()

    /// A cache in `directory`, created when missing; `log` receives one line per build, rebuild or wait.
    /// - Throws: ``DatasetsError/file(path:reason:)`` when the directory cannot be created.
    public init(directory: URL, log: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.directory = directory
        self.log = log
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DatasetsError.file(path: directory.path, reason: "cannot create the cache directory: \(FileReadProblem.systemMessage(error))")
        }
    }

    /// The counts so far.
    public var statistics: Statistics {
        lock.withLock { counts }
    }

    /// The file of the data set of `items` under `preparation` (whether or not it exists).
    public func url(for items: [BatchItem], sampleIDs: [String]? = nil, preparation: SamplePreparation) throws -> URL {
        let manifest = PreparedDataSet.checksum(items: items, sampleIDs: sampleIDs ?? PreparedDataSet.defaultIDs(items))
        let preparationHash = FNV1a.hex(try PreparedDataSet.json(of: preparation).utf8)
        return directory.appendingPathComponent("\(manifest)-\(preparationHash).h5")
    }

    /// The data set of `items` under `preparation`: opened when it exists and is intact,
    /// otherwise built (by this process, or by another one holding the lock while this one waits).
    /// The log first receives the ``Plan``: where the file is and how large, and whether it is
    /// prepared now.
    /// - Throws: the errors of ``PreparedDataSet/write(items:sampleIDs:preparation:to:progress:)``
    ///   and ``PreparedDataSet/init(contentsOf:preparation:)`` (a file just built that cannot be opened).
    public func dataSet(for items: [BatchItem], sampleIDs: [String]? = nil, preparation: SamplePreparation) throws -> PreparedDataSet {
        let plan = try plan(for: items, sampleIDs: sampleIDs, preparation: preparation)
        let url = plan.url
        // Complete files only ever appear by rename: an intact file needs no lock.
        if let found = try? PreparedDataSet(contentsOf: url, preparation: preparation) {
            log(String(describing: plan))
            count(\.opened)
            return found
        }
        let log = self.log
        if !plan.exists { log(String(describing: plan)) }
        let lockURL = url.appendingPathExtension("lock")
        let held = try BuildLock.acquire(lockURL) {
            log("prepared data set \(url.path): another process is building it; waiting")
        }
        defer { held?.release() }
        var damaged: String?
        if FileManager.default.fileExists(atPath: url.path) {
            do {
                let found = try PreparedDataSet(contentsOf: url, preparation: preparation)
                count(\.opened)
                if held != nil { try? FileManager.default.removeItem(at: lockURL) }
                return found
            } catch {
                damaged = "\(error)"
                log("prepared data set \(url.path) cannot be used (\(error)); building it again")
                var again = plan
                again.exists = false
                log(String(describing: again))
            }
        }
        if held != nil { removeAbandonedPartials(of: url) }
        let started = Date()
        var reported = Date()
        try PreparedDataSet.write(items: items, sampleIDs: sampleIDs, preparation: preparation, to: url) { done, total in
            if Date().timeIntervalSince(reported) >= 30 {
                reported = Date()
                log("prepared data set \(url.lastPathComponent): \(done)/\(total) inputs")
            }
        }
        log(String(format: "prepared data set %@: %d samples (%d inputs) written in %.1f s",
                   url.path, items.count, plan.inputs, Date().timeIntervalSince(started)))
        count(damaged == nil ? \.built : \.rebuilt)
        // The data set is in place (as whenever the lock file is removed): processes arriving now
        // open it without the lock, and those waiting on it find it there; the run folder keeps
        // no trace of the lock.
        if held != nil { try? FileManager.default.removeItem(at: lockURL) }
        return try PreparedDataSet(contentsOf: url, preparation: preparation)
    }

    /// Removes the temporary files a killed builder of `url` left (only the lock's holder writes
    /// them, so none is in use while this process holds it).
    private func removeAbandonedPartials(of url: URL) {
        let prefix = ".\(url.lastPathComponent)."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".partial") {
            log("prepared data set \(url.path): removing \(name), left by a builder that stopped")
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    private func count(_ field: WritableKeyPath<Statistics, Int>) {
        lock.withLock { counts[keyPath: field] += 1 }
    }
}
