extension Tensor {
    /// `rows` copies of `row` stacked along a new first axis: shape `[rows] + row.shape` (a
    /// bias in every row of a batch, before a product adds to it).
    ///
    /// ```swift
    /// var y = Tensor(rows: batch, repeating: bias)   // [batch, units]
    /// try y.addMatmul(x, w)                          // y = 1 b + x W
    /// ```
    public init(rows: Int, repeating row: Tensor) {
        let width = row.count
        self.init(uninitialized: [max(0, rows)] + row.shape) { values in
            row.withUnsafeBufferPointer { source in
                for r in 0..<max(0, rows) {
                    (values.baseAddress! + r * width).update(from: source.baseAddress!, count: width)
                }
            }
        }
    }
}
