import Foundation
import Magnetogram
import NeuralCore
import Testing
@testable import Datasets

@Suite("Prepared data sets (HDF5)")
struct PreparedDataSetTests {
    let preparation: SamplePreparation

    init() throws {
        preparation = try SamplePreparation(InputPreprocessing(geometry: .resize(width: 8, height: 8, method: .bilinear)))
    }

    /// Writes `count` different 12 x 10 FITS maps and returns their paths.
    func writeMaps(_ count: Int, in folder: URL) throws -> [String] {
        try (0..<count).map { index in
            let path = folder.appendingPathComponent("map\(index).fits").path
            try PreparationFixtures.writeFITS(
                PreparationFixtures.pixels(width: 12, height: 10, seed: 7 + UInt64(index)), width: 12, height: 10, to: path)
            return path
        }
    }

    /// Lines a cache logs, for assertions.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func append(_ line: String) { lock.withLock { stored.append(line) } }
        var all: [String] { lock.withLock { stored } }
    }

    @Test func imagesRoundTripAndFeedTheBatchSource() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = try writeMaps(3, in: folder)
        // A repeated file is one input row.
        let items = (paths + [paths[0]]).enumerated().map { BatchItem(path: $1, label: Float($0 % 2)) }
        let cache = try PreparedDataSetCache(directory: folder.appendingPathComponent("cache"))
        let before = try cache.plan(for: items, preparation: preparation)
        #expect(!before.exists && before.samples == 4 && before.inputs == 3)
        #expect(before.description.contains(before.url.path) && before.description.contains("preparing 3 inputs of 4 samples now ("))
        #expect(before.url.lastPathComponent.hasSuffix(".h5") && before.url.deletingLastPathComponent().standardizedFileURL.path == cache.directory.standardizedFileURL.path)

        let dataSet = try cache.dataSet(for: items, preparation: preparation)
        #expect(cache.statistics == .init(opened: 0, built: 1, rebuilt: 0))
        #expect(dataSet.url == before.url)
        #expect(dataSet.count == 4 && dataSet.framesPerSample == 1)
        #expect(dataSet.labels == [0, 1, 0, 1])
        #expect(dataSet.sampleIDs == paths + [paths[0]])
        #expect(dataSet.framePaths == paths)
        #expect(dataSet.sampleFrames == [[0], [1], [2], [0]])
        #expect(dataSet.manifestChecksum == before.url.lastPathComponent.split(separator: "-").first.map(String.init))
        for (index, path) in (paths + [paths[0]]).enumerated() {
            #expect(try dataSet.inputs(ofSample: index) == (try preparation.tensor(contentsOf: path)))
        }
        // The file's size is what the plan said it would be, within a few kilobytes.
        let after = try cache.plan(for: items, preparation: preparation)
        #expect(after.exists && after.description.contains("prepared already"))
        #expect(abs(after.bytes - before.bytes) < 16_384, "estimated \(before.bytes), wrote \(after.bytes)")

        // Another run on the same samples opens the same file.
        let again = try PreparedDataSetCache(directory: cache.directory).dataSet(for: items, preparation: preparation)
        #expect(again.url == dataSet.url)
        #expect(try cache.dataSet(for: items, preparation: preparation).labels == dataSet.labels)
        #expect(cache.statistics == .init(opened: 1, built: 1, rebuilt: 0))

        // Batches read from the data set equal those prepared from the FITS files, even after
        // the FITS files are gone.
        let plain = try MagnetogramBatchSource(items: items, preparation: preparation).batch([3, 1, 2, 0])
        for path in paths { try FileManager.default.removeItem(atPath: path) }
        let source = try MagnetogramBatchSource(items: items, preparation: preparation, dataSet: dataSet)
        let read = try source.batch([3, 1, 2, 0])
        #expect(read.inputs == plain.inputs && read.labels == plain.labels)

    }

    @Test func videosStoreSharedFramesOnce() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = try writeMaps(4, in: folder)
        let items = [
            BatchItem(framePaths: Array(paths[0..<3]), label: 1),
            BatchItem(framePaths: Array(paths[1..<4]), label: 0),
        ]
        let dataSet = try PreparedDataSetCache(directory: folder.appendingPathComponent("cache"))
            .dataSet(for: items, sampleIDs: ["video a", "video b"], preparation: preparation)
        #expect(dataSet.framesPerSample == 3 && dataSet.framePaths == paths)
        #expect(dataSet.sampleFrames == [[0, 1, 2], [1, 2, 3]])
        #expect(dataSet.sampleIDs == ["video a", "video b"])
        let second = try dataSet.inputs(ofSample: 1)
        #expect(second.shape == [3, 1, 8, 8])
        #expect(Array(second.scalars[64..<128]) == (try preparation.tensor(contentsOf: paths[2])).scalars)
        let plain = try VideoBatchSource(items: items, preparation: preparation).batch([1, 0]).inputs
        let read = try VideoBatchSource(items: items, preparation: preparation, dataSet: dataSet).batch([1, 0]).inputs
        #expect(read == plain)
    }

    @Test func haleJoyFramesAreKeptPerHemisphere() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = try writeMaps(1, in: folder)
        var preprocessing = preparation.preprocessing
        preprocessing.haleJoyNormalization = true
        let normalising = try SamplePreparation(preprocessing)
        let items = [BatchItem(path: paths[0], label: 0, latitude: -10), BatchItem(path: paths[0], label: 1, latitude: 10)]
        let dataSet = try PreparedDataSetCache(directory: folder.appendingPathComponent("cache"))
            .dataSet(for: items, preparation: normalising)
        #expect(dataSet.framePaths == [paths[0], paths[0]])
        #expect(dataSet.row(ofFrame: paths[0], latitude: -3) == 0 && dataSet.row(ofFrame: paths[0], latitude: 3) == 1)
        #expect(dataSet.row(ofFrame: paths[0], latitude: nil) == nil)
        let plain = try MagnetogramBatchSource(items: items, preparation: normalising).batch([0, 1]).inputs
        #expect(try MagnetogramBatchSource(items: items, preparation: normalising, dataSet: dataSet).batch([0, 1]).inputs == plain)
        // A data set is only used with its own preparation.
        #expect(throws: DatasetsError.self) { try MagnetogramBatchSource(items: items, preparation: preparation, dataSet: dataSet) }
        #expect(throws: DatasetsError.self) { try PreparedDataSet(contentsOf: dataSet.url, preparation: preparation) }
    }

    @Test(arguments: ["truncate", "garbage", "empty", "foreign"])
    func unusableFilesAreTypedErrorsAndRebuilt(damage: String) throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = try writeMaps(2, in: folder)
        let items = paths.map { BatchItem(path: $0, label: 1) }
        let lines = Lines()
        let cache = try PreparedDataSetCache(directory: folder.appendingPathComponent("cache"), log: lines.append)
        let url = try cache.dataSet(for: items, preparation: preparation).url
        let bytes = try Data(contentsOf: url)
        try FileManager.default.removeItem(at: url)
        switch damage {
        case "truncate": try bytes.prefix(bytes.count / 2).write(to: url)
        case "garbage": try Data(repeating: 0x41, count: bytes.count).write(to: url)
        case "empty": try Data().write(to: url)
        default:
            // A valid HDF5 file that is not ours.
            let file = try HDF5File.create(url.path)
            try file.setAttribute("format", "something else")
            try file.close()
        }
        do {
            _ = try PreparedDataSet(contentsOf: url)
            Issue.record("a damaged data set opened")
        } catch let error as DatasetsError {
            guard case let .file(path, _) = error else { Issue.record("\(error)"); return }
            #expect(path == url.path)
        }
        let rebuilt = try cache.dataSet(for: items, preparation: preparation)
        #expect(cache.statistics == .init(opened: 0, built: 1, rebuilt: 1))
        #expect(lines.all.contains { $0.contains(url.path) && $0.contains("building it again") })
        #expect(try rebuilt.inputs(ofSample: 1) == (try preparation.tensor(contentsOf: paths[1])))
    }

    @Test func aFlippedValueFailsItsChunkChecksum() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = try writeMaps(2, in: folder)
        let dataSet = try PreparedDataSetCache(directory: folder.appendingPathComponent("cache"))
            .dataSet(for: paths.map { BatchItem(path: $0, label: 0) }, preparation: preparation)
        let values = try preparation.tensor(contentsOf: paths[1]).scalars
        let pattern = values.withUnsafeBufferPointer { Data(buffer: $0) }
        var bytes = try Data(contentsOf: dataSet.url)
        let range = try #require(bytes.range(of: pattern))
        bytes[range.lowerBound + 4 * 20 + 1] ^= 0x10
        let copy = folder.appendingPathComponent("flipped.h5")
        try bytes.write(to: copy)
        let damaged = try PreparedDataSet(contentsOf: copy)
        #expect(try damaged.inputs(ofSample: 0) == (try preparation.tensor(contentsOf: paths[0])))
        do {
            _ = try damaged.inputs(ofSample: 1)
            Issue.record("a damaged chunk was read")
        } catch let error as DatasetsError {
            #expect("\(error)".contains(copy.path))
        }
    }

    @Test func twoWritersBuildOnce() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = try writeMaps(40, in: folder)
        let items = paths.map { BatchItem(path: $0, label: 0) }
        let directory = folder.appendingPathComponent("cache")
        let caches = try (0..<2).map { _ in try PreparedDataSetCache(directory: directory) }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            results.set(index, Result { try caches[index].dataSet(for: items, preparation: preparation) })
        }
        let sets = try results.all.map { try $0.get() }
        #expect(caches.map(\.statistics.built).reduce(0, +) == 1)
        #expect(caches.map(\.statistics.opened).reduce(0, +) == 1)
        #expect(sets[0].url == sets[1].url)
        #expect(try sets[0].inputs(ofSample: 39) == (try sets[1].inputs(ofSample: 39)))
        // Only the data set remains: no temporary file, no lock file.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == [sets[0].url.lastPathComponent])
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Int: Result<PreparedDataSet, any Error>] = [:]
        func set(_ index: Int, _ result: Result<PreparedDataSet, any Error>) { lock.withLock { stored[index] = result } }
        var all: [Result<PreparedDataSet, any Error>] { lock.withLock { stored.keys.sorted().compactMap { stored[$0] } } }
    }

    @Test func aFailedBuildLeavesNothing() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = try writeMaps(2, in: folder)
        let missing = folder.appendingPathComponent("missing.fits").path
        let directory = folder.appendingPathComponent("cache")
        let cache = try PreparedDataSetCache(directory: directory)
        // What a killed builder leaves is removed by the next one.
        let url = try cache.url(for: paths.map { BatchItem(path: $0, label: 0) }, preparation: preparation)
        let abandoned = directory.appendingPathComponent(".\(url.lastPathComponent).999-X.partial")
        try Data([1, 2, 3]).write(to: abandoned)
        _ = try cache.dataSet(for: paths.map { BatchItem(path: $0, label: 0) }, preparation: preparation)
        #expect(!FileManager.default.fileExists(atPath: abandoned.path))
        do {
            _ = try cache.dataSet(for: [paths[0], missing, paths[1]].map { BatchItem(path: $0, label: 0) }, preparation: preparation)
            Issue.record("a data set with a missing file was built")
        } catch {
            #expect("\(error)".contains(missing))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).allSatisfy {
            $0.hasSuffix(".lock") || $0 == url.lastPathComponent
        })
        #expect(throws: DatasetsError.self) {
            try PreparedDataSet.write(items: [], preparation: preparation, to: directory.appendingPathComponent("x.h5"))
        }
        #expect(throws: DatasetsError.self) {
            try PreparedDataSet.write(
                items: [BatchItem(path: paths[0], label: 0), BatchItem(framePaths: paths, label: 0)], preparation: preparation,
                to: directory.appendingPathComponent("x.h5"))
        }
    }
}

extension PreparedDataSetTests {
    @Test func editedFilesGiveANewDataSet() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("map.fits").path
        try PreparationFixtures.writeFITS([Float](repeating: 1, count: 120), width: 12, height: 10, to: path)
        let cache = try PreparedDataSetCache(directory: folder.appendingPathComponent("cache"))
        let items = [BatchItem(path: path, label: 0)]
        let first = try cache.dataSet(for: items, preparation: preparation)
        #expect(try first.inputs(ofSample: 0).scalars == [Float](repeating: 1, count: 64))
        try PreparationFixtures.writeFITS([Float](repeating: 2, count: 240), width: 12, height: 20, to: path)
        let second = try cache.dataSet(for: items, preparation: preparation)
        #expect(second.url != first.url)
        #expect(try second.inputs(ofSample: 0).scalars == [Float](repeating: 2, count: 64))
        #expect(cache.statistics.built == 2)
    }
}
