import Foundation

/// An estimate, before anything runs, of the memory one process needs to run a network on
/// batches of a given size (`flarekit predict`): the float32 weights, the batch's inputs, the
/// two largest layer outputs alive at once (a layer's input and output), and the 128 MiB of
/// ``TrainingMemoryEstimate/fixedOverhead``. No backward caches, gradients or optimizer state.
///
/// ```swift
/// let estimate = try InferenceMemoryEstimate(architecture: model.configuration, batchSize: 32)
/// print(TrainingMemoryEstimate.gibibytes(estimate.totalBytes))
/// ```
public struct InferenceMemoryEstimate: Sendable, Equatable {
    /// Everything, bytes.
    public var totalBytes: Double

    /// Estimates running `architecture` on batches of `batchSize`.
    /// - Throws: ``ArchitecturesError/invalidConfiguration(_:)`` as ``TrainingMemoryEstimate`` does.
    public init(architecture: ArchitectureConfiguration, batchSize: Int) throws {
        guard batchSize >= 1 else { throw ArchitecturesError.invalidConfiguration("batch size \(batchSize) is below 1") }
        let layers = try architecture.layerFootprints()
        let batch = Double(batchSize), float = 4.0
        let sample = Double(architecture.sampleShape.reduce(1, *))
        let largestTwo = layers.map(\.outputFloats).sorted(by: >).prefix(2).reduce(0, +)
        totalBytes = layers.reduce(0) { $0 + $1.parameters } * float + batch * float * (sample + largestTwo)
            + TrainingMemoryEstimate.fixedOverhead
    }
}
