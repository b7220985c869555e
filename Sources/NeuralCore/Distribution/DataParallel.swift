import Foundation

/// The collective steps of data-parallel training (Horovod's recipe, made exact: see
/// <doc:DataParallelTraining>). Every rank calls them in the same order.
extension Communicator {
    /// Copies every parameter of `model` (trainable or not) from `root` to every rank, through
    /// one flat buffer.
    func broadcastParameters(of model: any Layer, root: Int = 0) throws {
        guard size > 1 else { return }
        let parameters = model.namedParameters().map(\.parameter)
        var flat = parameters.flattened(\.value)
        try flat.withUnsafeMutableBufferPointer { try broadcast($0, root: root) }
        parameters.scatter(flat, into: \.value)
    }

    /// Copies the generator states of every stochastic layer (dropout) of `model` from `root`
    /// to every rank, so that every rank draws the same step keys.
    func broadcastRandomStates(of model: any Layer, root: Int = 0) throws {
        guard size > 1 else { return }
        let states = model.randomStates
        let names = states.keys.sorted()
        var bytes: [UInt8] = []
        for name in names {
            for word in states[name]! { withUnsafeBytes(of: word.littleEndian) { bytes += $0 } }
        }
        let received = try broadcast(bytes: bytes, root: root)
        guard received.count == names.count * 32 else {
            throw NeuralCoreError.training("rank \(root)'s model has other dropout layers than rank \(rank)'s")
        }
        var restored: [String: [UInt64]] = [:]
        for (n, name) in names.enumerated() {
            restored[name] = (0..<4).map { w in
                (0..<8).reduce(UInt64(0)) { $0 | UInt64(received[n * 32 + w * 8 + $1]) << (8 * UInt64($1)) }
            }
        }
        try model.restoreRandomStates(restored)
    }

    /// Sums the gradients of every trainable parameter of `model` over the ranks, in place,
    /// with one allreduce of one flat buffer; returns the seconds it took.
    @discardableResult
    func allreduceGradients(of model: any Layer) throws -> Double {
        guard size > 1 else { return 0 }
        let parameters = model.namedParameters().map(\.parameter).filter(\.isTrainable)
        var flat = parameters.flattened(\.gradient)
        let start = DispatchTime.now().uptimeNanoseconds
        try flat.withUnsafeMutableBufferPointer { try allreduceSum($0) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        parameters.scatter(flat, into: \.gradient)
        return seconds
    }

    /// Every rank's rows of model outputs (`rowSize` values each) and labels (one each), in rank
    /// order: the outputs and labels of the global batch.
    func gatherRows(outputs: [Float], labels: [Float], rowSize: Int) throws -> (outputs: [Float], labels: [Float]) {
        let parts = try allgather(outputs + labels)
        var allOutputs: [Float] = [], allLabels: [Float] = []
        for part in parts {
            let rows = part.count / (rowSize + 1)
            allOutputs += part[0..<(rows * rowSize)]
            allLabels += part[(rows * rowSize)...]
        }
        return (allOutputs, allLabels)
    }
}

extension [Parameter] {
    /// The tensors at `path` of every parameter, one after the other in one buffer.
    func flattened(_ path: KeyPath<Parameter, Tensor>) -> [Float] {
        var flat = [Float]()
        flat.reserveCapacity(reduce(0) { $0 + $1[keyPath: path].count })
        for parameter in self { flat += parameter[keyPath: path].scalars }
        return flat
    }

    /// Copies consecutive runs of `flat` back into the tensors at `path` (the inverse of
    /// ``flattened(_:)``).
    func scatter(_ flat: [Float], into path: ReferenceWritableKeyPath<Parameter, Tensor>) {
        var offset = 0
        for parameter in self {
            let count = parameter[keyPath: path].count
            parameter[keyPath: path].withUnsafeMutableBufferPointer { destination in
                flat.withUnsafeBufferPointer { destination.baseAddress!.update(from: $0.baseAddress! + offset, count: count) }
            }
            offset += count
        }
    }
}

/// The samples of a source at a range of positions (one rank's share of a validation set).
struct BatchSourceSlice: BatchSource {
    let source: any BatchSource
    let range: Range<Int>

    var count: Int { range.count }

    func batch(_ indices: [Int]) throws -> (inputs: Tensor, labels: Tensor) {
        try source.batch(indices.map { range.lowerBound + $0 })
    }

    func labels(_ indices: [Int]) throws -> Tensor {
        try source.labels(indices.map { range.lowerBound + $0 })
    }
}
