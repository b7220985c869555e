import ArgumentParser
import Datasets
import Dispatch
import Foundation
import Magnetogram
import NeuralCore

/// `flarekit-bench prepared-inputs`: reading prepared inputs from the old per-file cache
/// against the HDF5 data set.
struct PreparedInputsBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepared-inputs",
        abstract: "Prepared-input read throughput: the old per-file cache against the HDF5 data set.",
        discussion: """
            Writes --samples seeded FITS maps of --map-width x --map-height, prepares them to \
            --size x --size (bilinear) into both stores (the old one-file-per-input cache, kept in \
            this benchmark only, and a PreparedDataSet), then reads every input --repeats times in \
            a seeded random order: one at a time on one thread, and in batches of --batch-size \
            loaded on all cores (the old cache through the same parallel loop the batch sources \
            used; the data set through MagnetogramBatchSource). With --cold, each pass first asks \
            the kernel to drop the stores' pages from its cache (posix_fadvise), so reads come \
            from the disk. Prints samples/s (best pass), build times and sizes on disk. \
            Build with -c release.
            """)

    @Option(help: "Samples (distinct maps).")
    var samples = 2000

    @Option(help: "Side of a prepared input.")
    var size = 128

    @Option(name: .customLong("map-width"), help: "Width of the generated maps.")
    var mapWidth = 300

    @Option(name: .customLong("map-height"), help: "Height of the generated maps.")
    var mapHeight = 200

    @Option(name: .customLong("batch-size"), help: "Samples per parallel batch.")
    var batchSize = 32

    @Option(help: "Timed passes (the best is reported).")
    var repeats = 3

    @Option(help: "Seed of the maps and the read order.")
    var seed: UInt64 = 1

    @Flag(help: "Drop the stores from the page cache before each pass.")
    var cold = false

    @Option(help: "Work folder (default: a new temporary folder, removed afterwards).")
    var folder: String?

    func validate() throws {
        guard samples >= 1, size >= 1, mapWidth >= 2, mapHeight >= 2, batchSize >= 1, repeats >= 1 else {
            throw ValidationError("--samples, --size, --batch-size and --repeats must be >= 1, the map sides >= 2")
        }
    }

    func run() throws {
        let work = folder.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-bench-prepared-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { if folder == nil { try? FileManager.default.removeItem(at: work) } }
        let preparation = try SamplePreparation(InputPreprocessing(geometry: .resize(width: size, height: size, method: .bilinear)))

        // Maps.
        let maps = work.appendingPathComponent("maps")
        try FileManager.default.createDirectory(at: maps, withIntermediateDirectories: true)
        var generator = SeededGenerator(seed: seed)
        let paths = try (0..<samples).map { index in
            let path = maps.appendingPathComponent("map\(index).fits").path
            let pixels = (0..<(mapWidth * mapHeight)).map { _ in Float.random(in: -1000...1000, using: &generator) }
            try FITSWriter().write(
                pixels, width: mapWidth, height: mapHeight,
                cards: [FITSCard(keyword: "CDELT1", double: 0.03), FITSCard(keyword: "CDELT2", double: 0.03)], to: path)
            return path
        }
        let items = paths.map { BatchItem(path: $0, label: 0) }

        // Both stores, filled.
        let legacy = try LegacyPreparedInputCache(directory: work.appendingPathComponent("legacy"))
        let plane = size * size
        // Filled on all cores, as the first epoch's parallel batches filled it.
        let legacyBuild = try seconds {
            let failures = FailureFlag()
            DispatchQueue.concurrentPerform(iterations: paths.count) { index in
                var scratch = [Float](repeating: 0, count: plane)
                do {
                    try scratch.withUnsafeMutableBufferPointer {
                        try legacy.prepare(contentsOf: paths[index], latitude: nil, preparation: preparation, into: $0)
                    }
                } catch {
                    failures.set()
                }
            }
            if failures.isSet { throw ValidationError("filling the old cache failed") }
        }
        let cache = try PreparedDataSetCache(directory: work.appendingPathComponent("hdf5"))
        var dataSet: PreparedDataSet?
        let hdf5Build = try seconds { dataSet = try cache.dataSet(for: items, preparation: preparation) }
        guard let dataSet else { return }
        let legacyFiles = try FileManager.default.subpathsOfDirectory(atPath: legacy.directory.path)
            .filter { $0.hasSuffix(".f32") }.map { legacy.directory.appendingPathComponent($0).path }
        let legacyBytes = legacyFiles.reduce(Int64(0)) { $0 + fileSize($1) }
        let hdf5Bytes = fileSize(dataSet.url.path)

        // The read order.
        var order = Array(0..<samples)
        order.shuffle(using: &generator)
        let rows = try order.map { index in
            guard let row = dataSet.row(ofFrame: paths[index], latitude: nil) else {
                throw ValidationError("the data set lacks \(paths[index])")
            }
            return row
        }
        func drop() {
            guard cold else { return }
            for path in legacyFiles + [dataSet.url.path] { evict(path) }
        }

        // One at a time, one thread.
        var buffer = [Float](repeating: 0, count: plane)
        let legacySerial = try best { () throws -> Void in
            drop()
            try buffer.withUnsafeMutableBufferPointer { output in
                for index in order { try legacy.prepare(contentsOf: paths[index], latitude: nil, preparation: preparation, into: output) }
            }
        }
        let hdf5Serial = try best { () throws -> Void in
            drop()
            try buffer.withUnsafeMutableBufferPointer { output in
                for row in rows { try dataSet.readInput(row: row, into: output) }
            }
        }
        guard legacy.statistics.misses == samples, legacy.statistics.rebuilds == 0 else {
            throw ValidationError("the old cache missed during the timed passes: \(legacy.statistics)")
        }

        // Batches on all cores.
        let batches = stride(from: 0, to: samples, by: batchSize).map { Array(order[$0..<min($0 + batchSize, samples)]) }
        let legacyParallel = try best { () throws -> Void in
            drop()
            var batch = [Float](repeating: 0, count: batchSize * plane)
            for indices in batches {
                try batch.withUnsafeMutableBufferPointer { output in
                    let base = UncheckedBuffer(output.baseAddress!)
                    let failures = FailureFlag()
                    DispatchQueue.concurrentPerform(iterations: indices.count) { slot in
                        do {
                            try legacy.prepare(
                                contentsOf: paths[indices[slot]], latitude: nil, preparation: preparation,
                                into: UnsafeMutableBufferPointer(start: base.pointer + slot * plane, count: plane))
                        } catch {
                            failures.set()
                        }
                    }
                    if failures.isSet { throw ValidationError("an old cache read failed") }
                }
            }
        }
        let source = try MagnetogramBatchSource(items: items, preparation: preparation, dataSet: dataSet)
        let hdf5Parallel = try best { () throws -> Void in
            drop()
            for indices in batches { _ = try source.batch(indices) }
        }

        let mode = cold ? "cold (pages dropped before each pass)" : "warm page cache"
        print("prepared inputs: \(samples) samples of \(size) x \(size) from \(mapWidth) x \(mapHeight) maps, \(mode), "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
        print(String(format: "  old per-file cache: %d files, %.1f MB, filled in %.2f s", legacyFiles.count, Double(legacyBytes) / 1e6, legacyBuild))
        print(String(format: "  HDF5 data set:      1 file, %.1f MB, built in %.2f s", Double(hdf5Bytes) / 1e6, hdf5Build))
        print("  store               one at a time (samples/s)   batches of \(batchSize), all cores (samples/s)")
        print(String(format: "  old per-file cache  %25.0f   %38.0f", Double(samples) / legacySerial, Double(samples) / legacyParallel))
        print(String(format: "  HDF5 data set       %25.0f   %38.0f", Double(samples) / hdf5Serial, Double(samples) / hdf5Parallel))
    }

    /// The wall time of `body`, seconds.
    private func seconds(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The best of `repeats` timings.
    private func best(_ body: () throws -> Void) throws -> Double {
        try (0..<repeats).map { _ in try seconds(body) }.min() ?? 0
    }

    private func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Asks the kernel to forget the file's cached pages.
    private func evict(_ path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = posix_fadvise(descriptor, 0, 0, Int32(POSIX_FADV_DONTNEED))
        close(descriptor)
    }
}

/// A batch buffer the parallel loop's workers write to, each its own slice.
private struct UncheckedBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    init(_ pointer: UnsafeMutablePointer<Float>) { self.pointer = pointer }
}

/// Whether any worker failed.
private final class FailureFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var failed = false
    func set() { lock.withLock { failed = true } }
    var isSet: Bool { lock.withLock { failed } }
}
