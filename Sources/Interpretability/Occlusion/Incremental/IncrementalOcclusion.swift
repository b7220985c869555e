import NeuralCore

/// The masked inputs of one input evaluated incrementally: the network's leading layers run
/// only on the windows a mask changes, over cached activations of the unmasked input, until
/// the changed region covers (almost) the whole activation or a layer that mixes every
/// position (global pooling, flatten, dense) is reached; from there on the full activations
/// are rebuilt and the remaining layers run as usual.
final class IncrementalOcclusion {
    /// The changed window must cover less than this fraction of an activation for the next
    /// layer to be computed window by window.
    static let denseFraction = 0.9

    let placements: OcclusionPlacements
    let fillValue: Float
    let inputShape: [Int]
    private let prefix: [IncrementalNode]
    private let tail: Sequential?
    private let splitActivation: Tensor
    /// The network's output for the unmasked input, through the same layers.
    let baselineProbability: Float

    /// The names of the layers computed window by window.
    var incrementalLayers: [String] { prefix.map(\.name) }

    init(network: Sequential, input: Tensor, placements: OcclusionPlacements, fillValue: Float) throws {
        self.placements = placements
        self.fillValue = fillValue
        inputShape = Array(input.shape.dropFirst())
        let mask = placements.maskSize
        var rows = AxisPlan(length: mask, starts: placements.rows, changed: placements.rows.map { $0..<($0 + mask) })
        var columns = AxisPlan(
            length: mask, starts: placements.columns, changed: placements.columns.map { $0..<($0 + mask) })
        var nodes: [IncrementalNode] = []
        var shape = inputShape
        for (name, layer) in network.layers {
            guard let node = try IncrementalNode.make(layer, name: name, inputShape: shape) else { break }
            (rows, columns) = node.plan(rows: rows, columns: columns)
            nodes.append(node)
            shape = node.outputShape
            if Double(rows.length * columns.length) >= Self.denseFraction * Double(shape[1] * shape[2]) { break }
        }
        prefix = nodes
        try IncrementalNode.linkFusions(nodes)
        let rest = network.layers.dropFirst(nodes.count)
        let remaining = rest.isEmpty ? nil : try Sequential(rest.map { ($0.name, $0.layer) })
        remaining?.fusesInference = network.fusesInference
        tail = remaining
        var x = input
        for node in prefix { x = try node.cache(x) }
        splitActivation = x
        baselineProbability = try OutputProbabilities.extract(try tail?.forward(x, mode: .inference) ?? x, batch: 1)[0]
    }

    /// The probabilities of the inputs masked at the placements `indices` (row-major indices
    /// into ``placements``).
    func probabilities(for indices: [Int]) throws -> [Float] {
        guard !indices.isEmpty else { return [] }
        let columnCount = placements.columns.count
        let rowIndices = indices.map { $0 / columnCount }, columnIndices = indices.map { $0 % columnCount }
        let mask = placements.maskSize
        var patch = Patch(
            values: try Tensor(shape: [indices.count, inputShape[0], mask, mask], repeating: fillValue),
            rowStarts: rowIndices.map { placements.rows[$0] }, columnStarts: columnIndices.map { placements.columns[$0] })
        patch = try IncrementalNode.evaluate(prefix, patch, rowIndices: rowIndices, columnIndices: columnIndices)
        let dense = try patch.materialize(over: splitActivation)
        return try OutputProbabilities.extract(try tail?.forward(dense, mode: .inference) ?? dense, batch: indices.count)
    }
}

/// Reads one probability per sample off a network output.
enum OutputProbabilities {
    /// The values of an output shaped `[batch]` or `[batch, 1]`.
    /// - Throws: ``InterpretabilityError/invalidOutput(shape:reason:)`` for another shape or a
    ///   non-finite value.
    static func extract(_ output: Tensor, batch: Int) throws -> [Float] {
        guard output.shape == [batch] || output.shape == [batch, 1] else {
            throw InterpretabilityError.invalidOutput(
                shape: output.shape, reason: "expected one probability per sample ([\(batch), 1])")
        }
        let values = output.scalars
        guard values.allSatisfy(\.isFinite) else {
            throw InterpretabilityError.invalidOutput(shape: output.shape, reason: "the network produced NaN or infinity")
        }
        return values
    }
}
