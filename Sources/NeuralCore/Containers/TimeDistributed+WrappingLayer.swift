extension TimeDistributed: WrappingLayer {
    /// The per-frame layer.
    public var wrapped: any Layer { inner }

    /// The per-frame layer's multiply-adds over all `N * T` frames.
    public func multiplyAdds(inputShape: [Int]) throws -> Int {
        try inner.multiplyAdds(inputShape: [inputShape[0] * inputShape[1]] + inputShape.dropFirst(2))
    }

    /// The per-frame layer's rows, its shapes shown with the time axis: `(None, T, ...)`.
    public func summaryRows(name: String, inputShape: [Int]) throws -> [LayerSummaryRow] {
        let folded = [inputShape[0] * inputShape[1]] + inputShape.dropFirst(2)
        return try inner.summaryRows(name: name, inputShape: folded).map { row in
            var row = row
            row.outputShape = [inputShape[0], inputShape[1]] + row.outputShape.dropFirst()
            return row
        }
    }
}
