extension Tensor {
    /// A tensor of the same shape with `transform` applied to every value.
    ///
    /// ```swift
    /// let squared = x.map { $0 * $0 }
    /// ```
    public func map(_ transform: (Float) -> Float) -> Tensor {
        mapChunks { x, y in
            for i in 0..<x.count { y[i] = transform(x[i]) }
        }
    }

    /// A tensor of the same shape with `combine` applied to each pair of values of `self` and
    /// `other`.
    ///
    /// ```swift
    /// let difference = try a.combined(with: b, -)
    /// ```
    /// - Throws: ``NeuralCoreError/shapeMismatch(operation:expected:actual:)`` on different shapes.
    public func combined(with other: Tensor, _ combine: (Float, Float) -> Float) throws -> Tensor {
        try other.expectShape(shape, in: "Tensor.combined")
        return combineChunks(with: other) { a, b, c in
            for i in 0..<a.count { c[i] = combine(a[i], b[i]) }
        }
    }

    /// Adds `factor * other` element-wise in place (BLAS's `axpy`).
    /// - Throws: ``NeuralCoreError/shapeMismatch(operation:expected:actual:)`` on different shapes.
    public mutating func add(_ other: Tensor, scaledBy factor: Float) throws {
        try other.expectShape(shape, in: "Tensor.add(_:scaledBy:)")
        other.withUnsafeBufferPointer { b in
            withUnsafeMutableBufferPointer { a in
                for i in 0..<a.count { a[i] += factor * b[i] }
            }
        }
    }

    /// A tensor of the same shape that `body` fills from this one, contiguous chunks of the
    /// values split over the workers (each call gets matching input and output chunks).
    func mapChunks(_ body: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        Tensor(uninitialized: shape) { y in
            withUnsafeBufferPointer { x in
                let xs = SendableConstPointer(x.baseAddress!), ys = SendablePointer(y.baseAddress!)
                Parallel.forEachChunk(x.count) { range in
                    body(UnsafeBufferPointer(start: xs.base + range.lowerBound, count: range.count),
                         UnsafeMutableBufferPointer(start: ys.base + range.lowerBound, count: range.count))
                }
            }
        }
    }

    /// A tensor of the same shape that `body` fills from this one and `other` (of the same
    /// shape), chunk by chunk as in ``mapChunks(_:)``.
    func combineChunks(
        with other: Tensor,
        _ body: (UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void
    ) -> Tensor {
        Tensor(uninitialized: shape) { c in
            withUnsafeBufferPointer { a in
                other.withUnsafeBufferPointer { b in
                    let xs = SendableConstPointer(a.baseAddress!), ys = SendableConstPointer(b.baseAddress!)
                    let zs = SendablePointer(c.baseAddress!)
                    Parallel.forEachChunk(a.count) { r in
                        body(UnsafeBufferPointer(start: xs.base + r.lowerBound, count: r.count),
                             UnsafeBufferPointer(start: ys.base + r.lowerBound, count: r.count),
                             UnsafeMutableBufferPointer(start: zs.base + r.lowerBound, count: r.count))
                    }
                }
            }
        }
    }
}
