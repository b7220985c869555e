import Foundation
import NeuralCore
import Testing
@testable import Datasets

/// The HDF5 layout against h5py (Tests/Fixtures/README.md, section `hdf5/`).
@Suite("Prepared data set fixtures (h5py)")
struct PreparedDataSetFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/hdf5").standardizedFileURL

    @Test func readsTheFileH5pyWrote() throws {
        let dataSet = try PreparedDataSet(contentsOf: Self.folder.appendingPathComponent("h5py_written.h5"))
        #expect(dataSet.preparation.width == 4 && dataSet.preparation.height == 4)
        #expect(dataSet.preparation.preprocessing.clip == 1500 && dataSet.preparation.preprocessing.scale == 0.001)
        #expect(dataSet.count == 2 && dataSet.framesPerSample == 2)
        #expect(dataSet.labels == [1, 0])
        #expect(dataSet.sampleIDs == ["HARP 377 2011-02-14T12:00:00Z", "HARP 401 2011-03-01T00:00:00Z"])
        #expect(dataSet.framePaths == ["/data/a.fits", "/data/b.fits", "/data/c.fits"])
        #expect(dataSet.sampleFrames == [[0, 1], [1, 2]])
        #expect(dataSet.manifestChecksum == "00000000000000aa")
        #expect(dataSet.row(ofFrame: "/data/b.fits", latitude: nil) == 1)
        // inputs[f, 0, y, x] = 10 f + y + x / 4.
        let video = try dataSet.inputs(ofSample: 1)
        #expect(video.shape == [2, 1, 4, 4])
        var expected: [Float] = []
        for f in 1...2 {
            for y in 0..<4 {
                for x in 0..<4 { expected.append(Float(10 * f + y) + Float(x) / 4) }
            }
        }
        #expect(video.scalars == expected)
    }

    /// Two videos of two frames over three 12 x 10 maps, prepared to 8 x 8.
    static func fixtureSamples(in folder: URL) throws -> (items: [BatchItem], ids: [String], preparation: SamplePreparation) {
        let paths = try (0..<3).map { index in
            let path = folder.appendingPathComponent("map\(index).fits").path
            try PreparationFixtures.writeFITS(
                PreparationFixtures.pixels(width: 12, height: 10, seed: 31 + UInt64(index)), width: 12, height: 10, to: path)
            return path
        }
        let items = [BatchItem(framePaths: [paths[0], paths[1]], label: 1), BatchItem(framePaths: [paths[1], paths[2]], label: 0)]
        let preparation = try SamplePreparation(InputPreprocessing(geometry: .resize(width: 8, height: 8, method: .bilinear)))
        return (items, ["video 1", "video 2"], preparation)
    }

    @Test func writerMatchesCommittedFixture() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (items, ids, preparation) = try Self.fixtureSamples(in: folder)
        let committed = Self.folder.appendingPathComponent("swift_written.h5")
        if ProcessInfo.processInfo.environment["FLAREKIT_WRITE_HDF5_FIXTURES"] != nil {
            try PreparedDataSet.write(items: items, sampleIDs: ids, preparation: preparation, to: committed)
        }
        // The committed file and one written now hold the same layout and values (HDF5 files
        // record times, so the bytes differ).
        let fresh = folder.appendingPathComponent("fresh.h5")
        try PreparedDataSet.write(items: items, sampleIDs: ids, preparation: preparation, to: fresh)
        let old = try PreparedDataSet(contentsOf: committed, preparation: preparation)
        let new = try PreparedDataSet(contentsOf: fresh, preparation: preparation)
        #expect(old.labels == [1, 0] && new.labels == old.labels)
        #expect(old.sampleIDs == ids && new.sampleIDs == ids)
        #expect(old.sampleFrames == [[0, 1], [1, 2]] && new.sampleFrames == old.sampleFrames)
        #expect(old.framePaths.map { URL(fileURLWithPath: $0).lastPathComponent } == ["map0.fits", "map1.fits", "map2.fits"])
        for sample in 0..<2 {
            #expect(try old.inputs(ofSample: sample) == (try new.inputs(ofSample: sample)))
        }
        #expect(try Array(old.inputs(ofSample: 1).scalars.prefix(64)) == (try preparation.tensor(contentsOf: items[1].framePaths[0]).scalars))
    }
}
