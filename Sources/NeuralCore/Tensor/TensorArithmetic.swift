extension Tensor {
    /// Adds `other` element-wise in place.
    /// - Throws: ``NeuralCoreError/shapeMismatch(operation:expected:actual:)`` on different shapes.
    public mutating func add(_ other: Tensor) throws {
        try other.expectShape(shape, in: "Tensor.add")
        other.withUnsafeBufferPointer { b in
            withUnsafeMutableBufferPointer { a in
                for i in 0..<a.count { a[i] += b[i] }
            }
        }
    }

    /// Multiplies every value by `factor` in place.
    public mutating func scale(by factor: Float) {
        withUnsafeMutableBufferPointer { a in
            for i in 0..<a.count { a[i] *= factor }
        }
    }

    /// The largest absolute difference from `other` (infinity on different shapes).
    public func maximumAbsoluteDifference(_ other: Tensor) -> Float {
        guard shape == other.shape else { return .infinity }
        var worst: Float = 0
        for i in 0..<count { worst = max(worst, abs(scalars[i] - other.scalars[i])) }
        return worst
    }

    /// Whether every value is finite (no NaN or infinity).
    public var isFinite: Bool { scalars.allSatisfy(\.isFinite) }
}
