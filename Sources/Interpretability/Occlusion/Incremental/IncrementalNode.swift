import NeuralCore

/// One layer of the network as the incremental occlusion sees it: an operation whose output
/// window can be recomputed from a window of its input, with the activations of the unmasked
/// input cached where the recomputation needs them.
///
/// - A convolution or max pool (`window`) recomputes its output window from the input window
///   it reads, padded explicitly (zeros for a convolution, minus infinity for a pool, which is
///   what Keras's `same` padding amounts to) and run through a `valid` copy of the layer with
///   the same weights.
/// - BatchNorm (inference), activations and dropout (the identity in inference) act on each
///   value alone (`pointwise`): the window passes through unchanged.
/// - A `Sequential` is a `chain`; `ConcatenatedBranches` (CNN-2's inception modules) are
///   `branches` whose windows are merged into one over the concatenated channels.
final class IncrementalNode {
    enum Operation {
        case window(copy: any Layer, padValue: Float, rows: AxisWindow, columns: AxisWindow)
        case pointwise(any Layer)
        case chain([IncrementalNode])
        case branches([IncrementalNode])
    }

    let name: String
    let layer: any Layer
    let operation: Operation
    /// `[channels, height, width]` of one sample.
    let inputShape: [Int]
    let outputShape: [Int]

    /// The recomputed windows (set by ``plan(rows:columns:)``).
    var rows = AxisPlan(length: 0, starts: [], changed: [])
    var columns = AxisPlan(length: 0, starts: [], changed: [])
    /// The unmasked input `[1, C, H, W]` (window operations crop it).
    var cachedInput: Tensor?
    /// The unmasked output (branches fill their merged window from it).
    var cachedOutput: Tensor?
    /// For a convolution: the max pool after it and the two as one chain, run together.
    var fusedPool: (node: IncrementalNode, chain: Sequential)?

    private init(name: String, layer: any Layer, operation: Operation, inputShape: [Int], outputShape: [Int]) {
        self.name = name
        self.layer = layer
        self.operation = operation
        self.inputShape = inputShape
        self.outputShape = outputShape
    }

    /// The node for `layer` on samples of shape `[C, H, W]`, or `nil` when the layer (or one
    /// inside it) cannot be recomputed window by window.
    static func make(_ layer: any Layer, name: String, inputShape: [Int]) throws -> IncrementalNode? {
        guard inputShape.count == 3 else { return nil }
        let outputShape = Array(try layer.outputShape(for: [1] + inputShape).dropFirst())
        guard outputShape.count == 3 else { return nil }
        let (height, width) = (inputShape[1], inputShape[2])
        let operation: Operation
        switch layer {
        case let conv as Conv2D:
            let c = conv.configuration
            var generator = SeededGenerator(seed: 0)
            let copy = try Conv2D(
                .init(inChannels: c.inChannels, filters: c.filters, kernelHeight: c.kernelHeight, kernelWidth: c.kernelWidth,
                      strideHeight: c.strideHeight, strideWidth: c.strideWidth, padding: .valid, useBias: c.useBias,
                      activation: c.activation),
                generator: &generator)
            copy.kernel.value = conv.kernel.value
            if let bias = conv.bias { copy.bias?.value = bias.value }
            operation = .window(
                copy: copy, padValue: 0,
                rows: AxisWindow(kernel: c.kernelHeight, stride: c.strideHeight, padding: c.padding, input: height),
                columns: AxisWindow(kernel: c.kernelWidth, stride: c.strideWidth, padding: c.padding, input: width))
        case let pool as MaxPool2D:
            let copy = try MaxPool2D(
                poolHeight: pool.poolHeight, poolWidth: pool.poolWidth,
                strideHeight: pool.strideHeight, strideWidth: pool.strideWidth, padding: .valid)
            operation = .window(
                copy: copy, padValue: -.infinity,
                rows: AxisWindow(kernel: pool.poolHeight, stride: pool.strideHeight, padding: pool.padding, input: height),
                columns: AxisWindow(kernel: pool.poolWidth, stride: pool.strideWidth, padding: pool.padding, input: width))
        case is BatchNorm, is ReLU, is LeakyReLU, is Identity, is Sigmoid, is Tanh, is Dropout:
            guard outputShape == inputShape else { return nil }
            operation = .pointwise(layer)
        case let sequential as Sequential:
            var children: [IncrementalNode] = []
            var shape = inputShape
            for (childName, child) in sequential.layers {
                guard let node = try make(child, name: "\(name).\(childName)", inputShape: shape) else { return nil }
                children.append(node)
                shape = node.outputShape
            }
            try linkFusions(children)
            operation = .chain(children)
        case let concatenation as ConcatenatedBranches:
            var children: [IncrementalNode] = []
            for (childName, child) in concatenation.branches {
                guard let node = try make(child, name: "\(name).\(childName)", inputShape: inputShape),
                      Array(node.outputShape.dropFirst()) == Array(outputShape.dropFirst()) else { return nil }
                children.append(node)
            }
            operation = .branches(children)
        default:
            return nil
        }
        return IncrementalNode(name: name, layer: layer, operation: operation, inputShape: inputShape, outputShape: outputShape)
    }

    // MARK: Planning

    /// Propagates the changed ranges of the input through the node, recording the output
    /// windows, and returns the output plans.
    @discardableResult
    func plan(rows inputRows: AxisPlan, columns inputColumns: AxisPlan) -> (rows: AxisPlan, columns: AxisPlan) {
        switch operation {
        case let .window(_, _, rowWindow, columnWindow):
            rows = AxisPlan(changed: inputRows.changed.map(rowWindow.affected), extent: outputShape[1])
            columns = AxisPlan(changed: inputColumns.changed.map(columnWindow.affected), extent: outputShape[2])
        case .pointwise:
            rows = inputRows
            columns = inputColumns
        case let .chain(children):
            var current = (rows: inputRows, columns: inputColumns)
            for child in children { current = child.plan(rows: current.rows, columns: current.columns) }
            rows = current.rows
            columns = current.columns
        case let .branches(children):
            let plans = children.map { $0.plan(rows: inputRows, columns: inputColumns) }
            rows = AxisPlan(changed: Self.union(plans.map(\.rows.changed)), extent: outputShape[1])
            columns = AxisPlan(changed: Self.union(plans.map(\.columns.changed)), extent: outputShape[2])
        }
        return (rows, columns)
    }

    /// Per placement, the smallest range holding every branch's changed range.
    private static func union(_ ranges: [[Range<Int>]]) -> [Range<Int>] {
        guard let first = ranges.first else { return [] }
        return first.indices.map { index in
            let parts = ranges.map { $0[index] }.filter { !$0.isEmpty }
            guard let low = parts.map(\.lowerBound).min(), let high = parts.map(\.upperBound).max() else {
                return first[index]
            }
            return low..<high
        }
    }

    // MARK: The unmasked pass

    /// Runs the unmasked sample `[1, C, H, W]` through the node, caching what the windows need.
    func cache(_ input: Tensor) throws -> Tensor {
        switch operation {
        case .window:
            cachedInput = input
            return try layer.forward(input, mode: .inference)
        case let .pointwise(layer):
            return try layer.forward(input, mode: .inference)
        case let .chain(children):
            var x = input
            for child in children { x = try child.cache(x) }
            return x
        case let .branches(children):
            let outputs = try children.map { try $0.cache(input) }
            var merged = try Tensor(shape: [1] + outputShape)
            var offset = 0
            let plane = outputShape[1] * outputShape[2]
            for output in outputs {
                output.withUnsafeBufferPointer { source in
                    merged.withUnsafeMutableBufferPointer { target in
                        (target.baseAddress! + offset * plane).update(from: source.baseAddress!, count: source.count)
                    }
                }
                offset += output.shape[1]
            }
            cachedOutput = merged
            return merged
        }
    }
}
