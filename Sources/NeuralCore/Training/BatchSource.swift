/// Where `fit` gets its batches: anything that can gather samples by index.
///
/// The Datasets module provides sources that load magnetograms lazily and augment them;
/// ``TensorDataset`` holds everything in memory.
public protocol BatchSource {
    /// The number of samples.
    var count: Int { get }
    /// The inputs `[k, ...]` and labels `[k]` of the samples at `indices`, in that order.
    func batch(_ indices: [Int]) throws -> (inputs: Tensor, labels: Tensor)
    /// The labels `[k]` of the samples at `indices`, in that order. The default gathers them
    /// through ``batch(_:)`` 64 samples at a time; sources that can read labels without loading
    /// inputs (lazy magnetogram sources) should provide their own.
    func labels(_ indices: [Int]) throws -> Tensor
}

extension BatchSource {
    public func labels(_ indices: [Int]) throws -> Tensor {
        var values: [Float] = []
        values.reserveCapacity(indices.count)
        var start = 0
        while start < indices.count {
            let chunk = Array(indices[start..<min(start + 64, indices.count)])
            values.append(contentsOf: try batch(chunk).labels.scalars)
            start += 64
        }
        return try Tensor(shape: [values.count], scalars: values)
    }
}

/// Samples held in memory: inputs `[N, ...]` and labels `[N]` (or `[N, 1]`).
public struct TensorDataset: BatchSource, Sendable {
    /// All inputs, first axis the sample.
    public let inputs: Tensor
    /// All labels, one per sample.
    public let labels: Tensor

    /// Creates the dataset, checking that inputs and labels have the same sample count.
    public init(inputs: Tensor, labels: Tensor) throws {
        guard inputs.rank >= 1, labels.rank >= 1, inputs.shape[0] == labels.shape[0],
              labels.count == labels.shape[0] else {
            throw NeuralCoreError.shapeMismatch(
                operation: "TensorDataset labels (one per input sample)",
                expected: [inputs.shape.first ?? 0], actual: labels.shape)
        }
        self.inputs = inputs
        self.labels = labels
    }

    public var count: Int { inputs.shape[0] }

    public func batch(_ indices: [Int]) throws -> (inputs: Tensor, labels: Tensor) {
        let sampleSize = inputs.count / max(count, 1)
        var x = Tensor(zeros: [indices.count] + inputs.shape.dropFirst())
        var y = Tensor(zeros: [indices.count])
        for index in indices where index < 0 || index >= count {
            throw NeuralCoreError.invalidArgument(name: "sample index", value: "\(index)", reason: "outside 0..<\(count)")
        }
        inputs.withUnsafeBufferPointer { source in
            x.withUnsafeMutableBufferPointer { destination in
                for (row, index) in indices.enumerated() {
                    (destination.baseAddress! + row * sampleSize).update(
                        from: source.baseAddress! + index * sampleSize, count: sampleSize)
                }
            }
        }
        for (row, index) in indices.enumerated() { y.scalars[row] = labels.scalars[index] }
        return (x, y)
    }
}

extension Layer {
    /// Inference-mode outputs for every sample of `source`, in order, computed `batchSize` at
    /// a time and concatenated along the first axis.
    public func predict(_ source: any BatchSource, batchSize: Int = 64) throws -> Tensor {
        guard batchSize >= 1 else {
            throw NeuralCoreError.invalidArgument(name: "batch size", value: "\(batchSize)", reason: "must be at least 1")
        }
        var values: [Float] = []
        var rowShape: [Int] = []
        var start = 0
        while start < source.count {
            let indices = Array(start..<min(start + batchSize, source.count))
            let output = try forward(source.batch(indices).inputs, mode: .inference)
            rowShape = Array(output.shape.dropFirst())
            values += output.scalars
            start += batchSize
        }
        return try Tensor(shape: [source.count] + rowShape, scalars: values)
    }
}
