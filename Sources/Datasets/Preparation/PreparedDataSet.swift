import Foundation
import NeuralCore

/// A prepared data set: the inputs of a list of samples under one ``SamplePreparation``, in one
/// HDF5 file, so that training reads each input with one chunk read instead of reading,
/// decompressing and resizing its FITS file.
///
/// The file holds the distinct prepared frames `inputs` (`float32 [F, 1, H, W]`, one frame per
/// chunk, Fletcher-32 checksummed), the file and hemisphere of each frame, each sample's rows
/// `sample_frames` (`int64 [N, T]`: `T` is 1 for single magnetograms, the frame count for the
/// LRCN's videos, whose overlapping frames are stored once), its `labels` and `sample_ids`, and
/// as attributes the format, its version, the preparation's JSON and the samples' checksum.
/// Documentation/PreparedDataSets.md gives the layout and how to read it with h5py.
///
/// Files are written by ``PreparedDataSetCache`` (or ``write(items:sampleIDs:preparation:to:progress:)``)
/// to a temporary name and renamed when complete, so an open data set is always whole. Opening
/// checks the layout; a value that fails its chunk's checksum is an error when read.
/// Reads may come from several threads at once.
///
/// ```swift
/// let dataSet = try PreparedDataSet(contentsOf: url, preparation: preparation)
/// dataSet.count                       // samples
/// let x = try dataSet.inputs(ofSample: 0)   // [1, 128, 128], or [T, 1, 128, 128] for videos
/// ```
public final class PreparedDataSet: @unchecked Sendable {
    /// The version of the layout this code writes and reads.
    public static let formatVersion = 1

    /// The file.
    public let url: URL
    /// The preparation the inputs were made with.
    public let preparation: SamplePreparation
    /// The checksum of the samples (``checksum(items:sampleIDs:)``).
    public let manifestChecksum: String
    /// Each sample's identifier.
    public let sampleIDs: [String]
    /// Each sample's label.
    public let labels: [Float]
    /// The FITS file of each input row.
    public let framePaths: [String]
    /// The rows of each sample's frames, oldest first (`framesPerSample` each).
    public let sampleFrames: [[Int]]
    /// `T`: 1 for single magnetograms, the video length for videos.
    public let framesPerSample: Int

    private let file: HDF5File
    private let inputs: HDF5Dataset
    private let rows: [FrameKey: Int]

    /// Opens and checks a data set.
    /// - Parameters:
    ///   - url: the `.h5` file.
    ///   - preparation: when given, the preparation the file must have been made with.
    /// - Throws: ``DatasetsError/file(path:reason:)`` naming the file when it is not an HDF5
    ///   file (or a truncated one), not a FlareKit data set, of another format version, made
    ///   with another preparation, or inconsistent (shapes, rows out of range).
    public init(contentsOf url: URL, preparation expected: SamplePreparation? = nil) throws {
        let path = url.path
        func problem(_ reason: String) -> DatasetsError { .file(path: path, reason: reason) }
        let file = try HDF5File.open(path)
        guard (try? file.stringAttribute(Layout.format)) == Layout.formatName else {
            throw problem("not a FlareKit prepared data set (no '\(Layout.format)' attribute '\(Layout.formatName)')")
        }
        let version = try file.integerAttribute(Layout.formatVersion)
        guard version == Self.formatVersion else {
            throw problem("prepared data set format version \(version); this FlareKit reads version \(Self.formatVersion)")
        }
        let json = try file.stringAttribute(Layout.preparation)
        let preparation: SamplePreparation
        do {
            preparation = try SamplePreparation(JSONDecoder().decode(InputPreprocessing.self, from: Data(json.utf8)))
        } catch {
            throw problem("attribute '\(Layout.preparation)' is not an input preparation: \(error)")
        }
        if let expected, try Self.json(of: expected) != Self.json(of: preparation) {
            throw problem("made with another preparation (\(json))")
        }
        let inputs = try file.dataset(Layout.inputs)
        try inputs.require(.float32)
        guard inputs.shape.count == 4, Array(inputs.shape.dropFirst()) == preparation.sampleShape else {
            throw problem("dataset '\(Layout.inputs)' has shape \(inputs.shape); the preparation needs [F] + \(preparation.sampleShape)")
        }
        let frameCount = inputs.shape[0]
        let framePaths = try file.dataset(Layout.framePaths).strings()
        let hemispheres = try file.dataset(Layout.frameHemispheres).strings()
        guard framePaths.count == frameCount, hemispheres.count == frameCount else {
            throw problem("\(framePaths.count) frame paths and \(hemispheres.count) hemispheres for \(frameCount) inputs")
        }
        let labels = try file.dataset(Layout.labels).floats()
        let sampleIDs = try file.dataset(Layout.sampleIDs).strings()
        let framesDataset = try file.dataset(Layout.sampleFrames)
        let flatFrames = try framesDataset.integers()
        let perSample = try file.integerAttribute(Layout.framesPerSample)
        guard perSample >= 1, framesDataset.shape == [labels.count, perSample], sampleIDs.count == labels.count else {
            throw problem("'\(Layout.sampleFrames)' has shape \(framesDataset.shape) for \(labels.count) labels, "
                + "\(sampleIDs.count) sample ids and \(perSample) frames per sample")
        }
        if let bad = flatFrames.first(where: { $0 < 0 || $0 >= frameCount }) {
            throw problem("'\(Layout.sampleFrames)' names row \(bad) of \(frameCount) inputs")
        }
        var rows: [FrameKey: Int] = [:]
        for (row, key) in zip(framePaths, hemispheres).map({ FrameKey(path: $0, hemisphere: $1) }).enumerated() where rows[key] == nil {
            rows[key] = row
        }
        self.url = url
        self.file = file
        self.inputs = inputs
        self.preparation = preparation
        self.manifestChecksum = try file.stringAttribute(Layout.manifestChecksum)
        self.sampleIDs = sampleIDs
        self.labels = labels
        self.framePaths = framePaths
        self.framesPerSample = perSample
        self.sampleFrames = stride(from: 0, to: flatFrames.count, by: perSample).map { Array(flatFrames[$0..<$0 + perSample]) }
        self.rows = rows
    }

    /// The number of samples, `N`.
    public var count: Int { labels.count }

    /// The row of `inputs` holding the frame `path` as prepared for a sample at `latitude`, if
    /// the data set has it.
    public func row(ofFrame path: String, latitude: Double?) -> Int? {
        rows[FrameKey(path: path, hemisphere: Self.hemisphere(latitude: latitude, preparation: preparation))]
    }

    /// Copies input row `row` (`H * W` values) into `output`.
    /// - Throws: ``DatasetsError`` naming the file for a row out of range or a chunk that cannot
    ///   be read (such as one failing its checksum).
    public func readInput(row: Int, into output: UnsafeMutableBufferPointer<Float>) throws {
        try inputs.read(rows: row, count: 1, into: output)
    }

    /// The inputs of sample `index`: `[1, H, W]` when a sample is one frame, `[T, 1, H, W]` otherwise.
    /// - Throws: ``DatasetsError`` for an index out of range, and as ``readInput(row:into:)``.
    public func inputs(ofSample index: Int) throws -> Tensor {
        guard sampleFrames.indices.contains(index) else {
            throw DatasetsError.invalidValue(what: "sample of \(url.path)", value: "\(index)", reason: "outside 0..<\(count)")
        }
        let plane = preparation.width * preparation.height
        var result = try Tensor(shape: (framesPerSample == 1 ? [] : [framesPerSample]) + preparation.sampleShape)
        try result.withUnsafeMutableBufferPointer { buffer in
            for (frame, row) in sampleFrames[index].enumerated() {
                try readInput(row: row, into: UnsafeMutableBufferPointer(rebasing: buffer[frame * plane..<(frame + 1) * plane]))
            }
        }
        return result
    }
}
