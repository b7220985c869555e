import Dispatch
import Foundation
import Magnetogram

extension PreparedDataSet {
    /// Prepares every frame of `items` from its FITS file and writes the data set to `url`:
    /// first to a temporary file next to it, renamed over `url` only when complete, so no
    /// reader ever sees a partial file. Frames are prepared on all cores, a block at a time
    /// (memory stays bounded, whatever the number of samples).
    /// - Parameters:
    ///   - items: the samples, all with the same number of frames.
    ///   - sampleIDs: one identifier per item (by default each item's last frame file).
    ///   - preparation: how FITS files become inputs.
    ///   - url: the data set to write.
    ///   - progress: called after each block with the frames written and the total.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for no items, items of
    ///   different lengths, a non-finite label or a wrong number of identifiers; the reader's
    ///   `MagnetogramError` naming a FITS file that cannot be read (the first one in frame
    ///   order); the preparation's errors; ``DatasetsError/file(path:reason:)`` naming the file
    ///   when it cannot be written. Nothing is left at `url` on failure.
    public static func write(
        items: [BatchItem], sampleIDs: [String]? = nil, preparation: SamplePreparation, to url: URL,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws {
        let ids = sampleIDs ?? defaultIDs(items)
        let perSample = try validate(items: items, sampleIDs: ids)
        let (frames, latitudes, rows) = Self.frames(of: items, preparation: preparation)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).partial")
        do {
            let file = try HDF5File.create(temporary.path)
            try writeInputs(frames: frames, latitudes: latitudes, preparation: preparation, into: file, progress: progress)
            try file.createDataset(Layout.framePaths, type: .string, shape: [frames.count]).write(frames.map(\.path))
            try file.createDataset(Layout.frameHemispheres, type: .string, shape: [frames.count]).write(frames.map(\.hemisphere))
            try file.createDataset(Layout.sampleFrames, type: .int64, shape: [items.count, perSample]).write(rows.flatMap { $0 })
            try file.createDataset(Layout.labels, type: .float32, shape: [items.count]).write(items.map(\.label))
            try file.createDataset(Layout.sampleIDs, type: .string, shape: [items.count]).write(ids)
            try file.setAttribute(Layout.format, Layout.formatName)
            try file.setAttribute(Layout.formatVersion, formatVersion)
            try file.setAttribute(Layout.preparation, try json(of: preparation))
            try file.setAttribute(Layout.manifestChecksum, checksum(items: items, sampleIDs: ids))
            try file.setAttribute(Layout.framesPerSample, perSample)
            try file.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw DatasetsError.file(path: url.path, reason: "cannot rename the prepared data set into place: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Prepares the frames into dataset `inputs`: about 32 MB of inputs per block, prepared in
    /// parallel, then written in one call. The dataset is closed on return (before the file is).
    private static func writeInputs(
        frames: [FrameKey], latitudes: [Double?], preparation: SamplePreparation, into file: HDF5File,
        progress: (_ done: Int, _ total: Int) -> Void
    ) throws {
        let plane = preparation.width * preparation.height
        let inputs = try file.createDataset(
            Layout.inputs, type: .float32, shape: [frames.count] + preparation.sampleShape,
            chunk: [1] + preparation.sampleShape, checksummed: true)
        let block = max(1, min(frames.count, (8 << 20) / plane))
        var buffer = [Float](repeating: 0, count: block * plane)
        for start in stride(from: 0, to: frames.count, by: block) {
            let count = min(block, frames.count - start)
            try buffer.withUnsafeMutableBufferPointer { values in
                try prepareFrames(start..<start + count, frames: frames, latitudes: latitudes, preparation: preparation, into: values)
                try inputs.write(rows: start, count: count, from: UnsafeBufferPointer(rebasing: values[0..<count * plane]))
            }
            progress(start + count, frames.count)
        }
    }

    /// The frame count of every item; throws for an inconsistent list.
    private static func validate(items: [BatchItem], sampleIDs: [String]) throws -> Int {
        guard let perSample = items.first?.framePaths.count, perSample >= 1 else {
            throw DatasetsError.invalidValue(what: "samples of a prepared data set", value: "\(items.count)", reason: "needs at least one sample with frames")
        }
        guard sampleIDs.count == items.count else {
            throw DatasetsError.invalidValue(
                what: "sample identifiers", value: "\(sampleIDs.count)", reason: "one per sample (\(items.count)) needed")
        }
        try BatchItem.validate(items, frames: perSample)
        return perSample
    }

    /// Prepares frames `range` into `values` (frame `range.lowerBound` first), in parallel; throws
    /// the error of the first failing frame.
    private static func prepareFrames(
        _ range: Range<Int>, frames: [FrameKey], latitudes: [Double?], preparation: SamplePreparation,
        into values: UnsafeMutableBufferPointer<Float>
    ) throws {
        let plane = preparation.width * preparation.height
        var errors = [(any Error)?](repeating: nil, count: range.count)
        let output = UncheckedPointer(values.baseAddress!)
        errors.withUnsafeMutableBufferPointer { slots in
            let errorSlots = UncheckedPointer(slots.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: range.count) { offset in
                let index = range.lowerBound + offset
                let path = frames[index].path
                do {
                    try preparation.prepare(
                        Magnetogram(contentsOf: path), latitude: latitudes[index], source: path,
                        into: UnsafeMutableBufferPointer(start: output.base + offset * plane, count: plane))
                } catch {
                    (errorSlots.base + offset).pointee = error
                }
            }
        }
        if let error = errors.lazy.compactMap({ $0 }).first { throw error }
    }
}
