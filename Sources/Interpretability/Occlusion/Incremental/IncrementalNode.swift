import NeuralCore

/// One layer of the network as the incremental occlusion sees it: an operation whose output
/// window can be recomputed from a window of its input, with the activations of the unmasked
/// input cached where the recomputation needs them.
///
/// The node is built from what the layer says of itself (NeuralCore's `SpatiallyLocalLayer`
/// and `ComposedLayer`):
/// - A sliding window (`window`: a convolution, a max pool) recomputes its output window from
///   the input window it reads, padded explicitly with the layer's pad value (zeros for a
///   convolution, minus infinity for a max pool, which is what Keras's `same` padding amounts
///   to) and run through the layer's `valid` copy with the same weights.
/// - A pointwise layer (BatchNorm at inference, activations, dropout) acts on each position
///   alone: the window passes through unchanged.
/// - A chain (`Sequential`) is a `chain`; branches (`ConcatenatedBranches`, CNN-2's inception
///   modules) are `branches` whose windows are merged into one over the concatenated channels.
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
    /// For a window (a convolution): the window after it that its layer absorbs (a max pool)
    /// and the two as one chain, run together (see ``linkFusions(_:)``).
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
        let operation: Operation
        if let composed = layer as? any ComposedLayer {
            guard let children = try children(of: composed, name: name, inputShape: inputShape, outputShape: outputShape)
            else { return nil }
            switch composed.composition {
            case .chain:
                try linkFusions(children)
                operation = .chain(children)
            case .branches:
                operation = .branches(children)
            }
        } else if let local = layer as? any SpatiallyLocalLayer {
            switch try local.spatialDependence() {
            case .pointwise:
                guard outputShape == inputShape else { return nil }
                operation = .pointwise(layer)
            case let .slidingWindow(window):
                operation = .window(
                    copy: window.validCopy, padValue: window.padValue,
                    rows: AxisWindow(kernel: window.kernelHeight, stride: window.strideHeight, padding: window.padding,
                                     input: inputShape[1]),
                    columns: AxisWindow(kernel: window.kernelWidth, stride: window.strideWidth, padding: window.padding,
                                        input: inputShape[2]))
            }
        } else {
            return nil
        }
        return IncrementalNode(name: name, layer: layer, operation: operation, inputShape: inputShape, outputShape: outputShape)
    }

    /// The nodes of a container's sublayers, each on the input it receives, or `nil` when one
    /// of them cannot be recomputed window by window (or a branch's planes differ from the
    /// concatenation's).
    private static func children(
        of composed: any ComposedLayer, name: String, inputShape: [Int], outputShape: [Int]
    ) throws -> [IncrementalNode]? {
        var children: [IncrementalNode] = []
        var shape = inputShape
        for (childName, child) in composed.sublayers {
            guard let node = try make(child, name: "\(name).\(childName)", inputShape: shape) else { return nil }
            children.append(node)
            switch composed.composition {
            case .chain:
                shape = node.outputShape
            case .branches:
                guard Array(node.outputShape.dropFirst()) == Array(outputShape.dropFirst()) else { return nil }
            }
        }
        return children
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
