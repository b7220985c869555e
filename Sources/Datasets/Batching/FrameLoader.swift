import Dispatch
import Foundation
import Magnetogram
import NeuralCore

/// Loads, prepares and augments the frames of one batch into its input buffer, each frame into
/// its own slice, in parallel on the machine's cores when asked (the result is the same either
/// way: every frame is computed alone and written to a fixed place).
struct FrameLoader: Sendable {
    /// One frame to load.
    struct Job: Sendable {
        var path: String
        var latitude: Double?
        var transform: AugmentationTransform
        /// Where its `H * W` values start in the batch buffer.
        var offset: Int
    }

    let preparation: SamplePreparation
    /// Where prepared frames are read from when it has them (the others are prepared from their FITS file).
    let dataSet: PreparedDataSet?
    let parallel: Bool

    /// Fills `buffer` (at least `jobs.count * H * W` values). On failure, throws the error of
    /// the first failing job in job order.
    func load(_ jobs: [Job], into buffer: UnsafeMutableBufferPointer<Float>) throws {
        let plane = preparation.width * preparation.height
        guard let base = buffer.baseAddress, jobs.allSatisfy({ $0.offset >= 0 && $0.offset + plane <= buffer.count }) else {
            if jobs.isEmpty { return }
            throw DatasetsError.invalidValue(what: "batch buffer", value: "\(buffer.count) values", reason: "too small for \(jobs.count) frames")
        }
        var errors = [(any Error)?](repeating: nil, count: jobs.count)
        let output = UncheckedPointer(base)
        errors.withUnsafeMutableBufferPointer { errorSlots in
            let slots = UncheckedPointer(errorSlots.baseAddress!)
            let run: @Sendable (Int) -> Void = { index in
                let job = jobs[index]
                do {
                    try loadFrame(job, into: UnsafeMutableBufferPointer(start: output.base + job.offset, count: plane))
                } catch {
                    (slots.base + index).pointee = error
                }
            }
            if parallel, jobs.count > 1 {
                DispatchQueue.concurrentPerform(iterations: jobs.count, execute: run)
            } else {
                for index in jobs.indices { run(index) }
            }
        }
        if let error = errors.lazy.compactMap({ $0 }).first { throw error }
    }

    /// One frame, prepared (read from the data set when it has it) and transformed.
    func loadFrame(_ job: Job, into destination: UnsafeMutableBufferPointer<Float>) throws {
        if job.transform == .identity {
            try prepare(job, into: destination)
            return
        }
        var scratch = [Float](repeating: 0, count: destination.count)
        try scratch.withUnsafeMutableBufferPointer { prepared in
            try prepare(job, into: prepared)
            job.transform.apply(
                UnsafeBufferPointer(prepared), width: preparation.width, height: preparation.height, into: destination)
        }
    }

    private func prepare(_ job: Job, into destination: UnsafeMutableBufferPointer<Float>) throws {
        if let dataSet, let row = dataSet.row(ofFrame: job.path, latitude: job.latitude) {
            try dataSet.readInput(row: row, into: destination)
        } else {
            try preparation.prepare(Magnetogram(contentsOf: job.path), latitude: job.latitude, source: job.path, into: destination)
        }
    }
}

/// A pointer that may cross into `concurrentPerform`'s workers; each worker touches its own
/// part of the memory.
struct UncheckedPointer<Pointee>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Pointee>
    init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }
}
