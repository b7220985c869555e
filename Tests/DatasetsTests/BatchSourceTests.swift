import Foundation
import Magnetogram
import NeuralCore
import Testing
@testable import Datasets

@Suite("Lazy batch sources")
struct BatchSourceTests {
    let preparation: SamplePreparation

    init() throws {
        preparation = try SamplePreparation(InputPreprocessing(geometry: .resize(width: 8, height: 8, method: .bilinear)))
    }

    /// Writes `count` different 12 x 10 FITS maps (each with a NaN) and returns their paths.
    func writeMaps(_ count: Int, in folder: URL, seed: UInt64 = 1) throws -> [String] {
        try (0..<count).map { index in
            let path = folder.appendingPathComponent("map\(index).fits").path
            var pixels = PreparationFixtures.pixels(width: 12, height: 10, seed: seed + UInt64(index))
            pixels[index % pixels.count] = .nan
            try PreparationFixtures.writeFITS(pixels, width: 12, height: 10, to: path)
            return path
        }
    }

    @Test func imageBatchesHaveShapeN1HWAndPreparedContent() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = try writeMaps(5, in: folder)
        let items = paths.enumerated().map { BatchItem(path: $1, label: Float($0 % 2)) }
        let source = try MagnetogramBatchSource(items: items, preparation: preparation)
        #expect(source.count == 5)
        let (x, y) = try source.batch([3, 0, 4])
        #expect(x.shape == [3, 1, 8, 8])
        #expect(y.shape == [3])
        #expect(y.scalars == [1, 0, 0])
        for (row, index) in [3, 0, 4].enumerated() {
            let expected = try preparation.tensor(contentsOf: paths[index])
            #expect(Array(x.scalars[(row * 64)..<((row + 1) * 64)]) == expected.scalars)
        }
        #expect(try source.labels([4, 1]).scalars == [0, 1])
    }

    @Test func videoBatchesHaveShapeNT1HW() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = try writeMaps(4, in: folder)
        // Two videos of three frames sharing a file.
        let items = [
            BatchItem(framePaths: [paths[0], paths[1], paths[2]], label: 1),
            BatchItem(framePaths: [paths[2], paths[3], paths[0]], label: 0),
        ]
        let source = try VideoBatchSource(items: items, preparation: preparation)
        #expect(source.frameCount == 3)
        let (x, y) = try source.batch([1, 0])
        #expect(x.shape == [2, 3, 1, 8, 8])
        #expect(y.scalars == [0, 1])
        for (row, item) in [items[1], items[0]].enumerated() {
            for (frame, path) in item.framePaths.enumerated() {
                let start = (row * 3 + frame) * 64
                let expected = try preparation.tensor(contentsOf: path)
                #expect(Array(x.scalars[start..<(start + 64)]) == expected.scalars)
            }
        }
        // Items of another length are refused.
        #expect(throws: DatasetsError.self) {
            try VideoBatchSource(items: items + [BatchItem(path: paths[0], label: 0)], preparation: preparation)
        }
    }

    @Test func videoItemsComeFromSampledFrames() throws {
        let start = Date(timeIntervalSince1970: 1_500_000_000)
        let frames = (0..<3).map { index in
            SHARPObservation(
                harpNumber: 1, time: start.addingTimeInterval(Double(index) * 2160), path: "f\(index).fits",
                latitude: index == 2 ? nil : -5 - Double(index))
        }
        let item = BatchItem(video: frames, label: 1)
        #expect(item.framePaths == ["f0.fits", "f1.fits", "f2.fits"])
        #expect(item.latitude == -6)
        #expect(BatchItem(observation: frames[0], label: 0).latitude == -5)
    }

    @Test func parallelLoadingGivesTheSameBatch() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = try writeMaps(9, in: folder)
        let items = paths.map { BatchItem(path: $0, label: 1) }
        let augmentation = Augmentation.random(transforms: AugmentationTransform.allCases, seed: 3)
        let parallel = try MagnetogramBatchSource(items: items, preparation: preparation, augmentation: augmentation)
        let serial = try MagnetogramBatchSource(
            items: items, preparation: preparation, augmentation: augmentation, parallelLoading: false)
        let indices = [8, 1, 5, 0, 2, 7, 3, 6, 4]
        #expect(try parallel.batch(indices).inputs == serial.batch(indices).inputs)
    }

    @Test func haleJoyUsesTheItemLatitude() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = try writeMaps(1, in: folder)
        var preprocessing = preparation.preprocessing
        preprocessing.haleJoyNormalization = true
        let normalising = try SamplePreparation(preprocessing)
        let source = try MagnetogramBatchSource(
            items: [BatchItem(path: paths[0], label: 0, latitude: -10), BatchItem(path: paths[0], label: 0, latitude: 10)],
            preparation: normalising)
        let x = try source.batch([0, 1]).inputs
        let north = Array(x.scalars[64..<128])
        let south = Array(x.scalars[0..<64])
        #expect(north == (try preparation.tensor(contentsOf: paths[0])).scalars)
        for row in 0..<8 {
            for column in 0..<8 { #expect(south[row * 8 + column] == -north[(7 - row) * 8 + column]) }
        }
    }

    @Test func unreadableFilesFailTheBatchNamingTheFile() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = try writeMaps(2, in: folder)
        let broken = folder.appendingPathComponent("broken.fits").path
        try Data(repeating: 7, count: 3000).write(to: URL(fileURLWithPath: broken))
        let missing = folder.appendingPathComponent("missing.fits").path
        // With a data set holding the two good files, the others are still read from disk.
        let dataSet = try PreparedDataSetCache(directory: folder.appendingPathComponent("cache"))
            .dataSet(for: paths.map { BatchItem(path: $0, label: 0) }, preparation: preparation)
        for dataSet in [nil, dataSet] {
            let source = try MagnetogramBatchSource(
                items: [paths[0], broken, paths[1], missing].map { BatchItem(path: $0, label: 0) }, preparation: preparation,
                dataSet: dataSet)
            do {
                _ = try source.batch([0, 1])
                Issue.record("a batch with a broken file loaded")
            } catch {
                #expect("\(error)".contains(broken))
            }
            do {
                _ = try source.batch([2, 3, 1, 0])
                Issue.record("a batch with unreadable files loaded")
            } catch {
                // The first failing sample in batch order is reported: the missing file.
                #expect("\(error)".contains(missing))
            }
            #expect(throws: DatasetsError.self) { try source.batch([4]) }
            #expect(try source.labels([1, 3]).scalars == [0, 0])
        }
    }
}
