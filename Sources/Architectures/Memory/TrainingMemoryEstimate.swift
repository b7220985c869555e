import Foundation

/// An estimate, before anything is allocated, of the memory one process needs to train a
/// network at a batch size: what `flarekit train` compares with the memory available
/// (``AvailableMemory``) to refuse a run that could only end in the kernel killing it.
///
/// From the configuration's ``ArchitectureConfiguration/layerFootprints()`` (no weights built):
/// - parameters: 16 bytes each (float32 weights, their gradients, Adam's two moments);
/// - activations: the batch times every layer's output and what it keeps for the backward pass
///   (BatchNorm's normalised input, a max-pool's argmax), float32;
/// - gradients in flight: the batch times twice the largest layer output (the gradient
///   arriving at a layer and the one it passes back);
/// - inputs: two batches of samples (the batch trained on and the one prefetched; the
///   prepared-input cache is on disk and holds nothing in memory);
/// - the convolutions' im2col scratch (capped at 64 MiB by `Conv2D`) and 64 MiB for the
///   runtime, BLAS and the data set's bookkeeping.
///
/// Against the peaks `Documentation/Benchmarks.md` measured (maximum resident set while
/// training: CNN-2 at 256 with batch 64, 2,143 MiB; CNN-1 at 128, 675 MiB; CNN-2 at 128,
/// 727 MiB; the LRCN of 40 frames at 128 with batch 8, 1,389 MiB) it is within 30%
/// (`TrainingMemoryEstimateTests`).
///
/// ```swift
/// let estimate = try TrainingMemoryEstimate(architecture: .cnn2(CNN2Configuration()), batchSize: 64)
/// print(estimate.summary)                       // "2.1 GiB (activations 1.0 GiB, ...)"
/// if let available = AvailableMemory.current(), estimate.totalBytes > available.bytes { ... }
/// ```
public struct TrainingMemoryEstimate: Sendable, Equatable {
    /// Weights, gradients and Adam's moments, bytes.
    public var parameterBytes: Double
    /// Layer outputs and backward caches of one batch, bytes.
    public var activationBytes: Double
    /// The two largest gradients alive during the backward pass, bytes.
    public var gradientBytes: Double
    /// Two batches of inputs, bytes.
    public var inputBytes: Double
    /// im2col scratch and the runtime, bytes.
    public var fixedBytes: Double

    /// The im2col scratch cap of `Conv2D` plus the runtime's share, bytes.
    public static let fixedOverhead = 128.0 * 1024 * 1024

    /// Estimates training `architecture` with minibatches of `batchSize`.
    /// - Throws: ``ArchitecturesError/invalidConfiguration(_:)`` for a batch size below 1 or an
    ///   input the network's pools and strides cannot take.
    public init(architecture: ArchitectureConfiguration, batchSize: Int) throws {
        guard batchSize >= 1 else { throw ArchitecturesError.invalidConfiguration("batch size \(batchSize) is below 1") }
        let layers = try architecture.layerFootprints()
        let batch = Double(batchSize), float = 4.0
        parameterBytes = layers.reduce(0) { $0 + $1.parameters } * 4 * float
        let sample = Double(architecture.sampleShape.reduce(1, *))
        activationBytes = batch * float * (sample + layers.reduce(0) { $0 + $1.outputFloats + $1.cachedFloats })
        gradientBytes = batch * float * 2 * (layers.map(\.outputFloats).max() ?? 0)
        inputBytes = 2 * batch * float * sample
        fixedBytes = Self.fixedOverhead
    }

    /// Everything, bytes.
    public var totalBytes: Double { parameterBytes + activationBytes + gradientBytes + inputBytes + fixedBytes }

    /// `12.3 GiB (activations 8.0 GiB, gradients 4.0 GiB, parameters and Adam 0.1 GiB, inputs 0.0 GiB, fixed 0.1 GiB)`.
    public var summary: String {
        "\(Self.gibibytes(totalBytes)) (activations \(Self.gibibytes(activationBytes)), gradients \(Self.gibibytes(gradientBytes)), "
            + "parameters and Adam \(Self.gibibytes(parameterBytes)), inputs \(Self.gibibytes(inputBytes)), "
            + "runtime and scratch \(Self.gibibytes(fixedBytes)))"
    }

    /// Bytes as GiB with one decimal (`3.2 GiB`).
    public static func gibibytes(_ bytes: Double) -> String {
        String(format: "%.1f GiB", bytes / 1_073_741_824)
    }
}
