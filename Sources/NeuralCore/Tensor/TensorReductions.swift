extension Tensor {
    /// The sum of the values, accumulated in `Double` in row-major order.
    public func sum() -> Double {
        withUnsafeBufferPointer { x in
            var total = 0.0
            for v in x { total += Double(v) }
            return total
        }
    }

    /// The sum of the products of the values of `self` and `other`, in `Double` in row-major order.
    /// - Throws: ``NeuralCoreError/shapeMismatch(operation:expected:actual:)`` on different shapes.
    public func dot(_ other: Tensor) throws -> Double {
        try other.expectShape(shape, in: "Tensor.dot")
        return withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                var total = 0.0
                for i in 0..<a.count { total += Double(a[i]) * Double(b[i]) }
                return total
            }
        }
    }

    /// Adds to each value of this `[columns]` tensor the sum of its column of `matrix`, whose
    /// rows are `columns` long, row by row (a bias gradient from a batch of output gradients).
    /// - Throws: ``NeuralCoreError/shapeMismatch(operation:expected:actual:)`` when the
    ///   matrix's values do not make whole rows of this length.
    public mutating func addColumnSums(of matrix: Tensor) throws {
        let columns = count
        guard columns > 0, matrix.count % columns == 0 else {
            throw NeuralCoreError.shapeMismatch(operation: "Tensor.addColumnSums", expected: [-1, columns], actual: matrix.shape)
        }
        matrix.withUnsafeBufferPointer { m in
            withUnsafeMutableBufferPointer { s in
                for row in 0..<(m.count / columns) {
                    for j in 0..<columns { s[j] += m[row * columns + j] }
                }
            }
        }
    }
}
