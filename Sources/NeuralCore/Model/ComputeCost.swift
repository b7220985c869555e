extension Layer {
    /// Counts nothing for a layer of its own (element-wise work, pooling and normalisation are
    /// not counted); sums the sublayers of a ``ComposedLayer``, each on the input it receives.
    public func multiplyAdds(inputShape: [Int]) throws -> Int {
        guard let composed = self as? any ComposedLayer else { return 0 }
        var total = 0
        try composed.forEachSublayer(inputShape: inputShape) { _, layer, shape in
            total += try layer.multiplyAdds(inputShape: shape)
        }
        return total
    }
}

extension ComposedLayer {
    /// Calls `body` with each sublayer and the input shape it receives: the previous
    /// sublayer's output in a chain, `inputShape` for branches.
    func forEachSublayer(
        inputShape: [Int], _ body: (_ name: String, _ layer: any Layer, _ inputShape: [Int]) throws -> Void
    ) throws {
        var shape = inputShape
        for (name, layer) in sublayers {
            try body(name, layer, shape)
            if composition == .chain { shape = try layer.outputShape(for: shape) }
        }
    }
}
