/// A dense, row-major array of `Float` values with a shape.
///
/// `Tensor` has value semantics: copies share storage until one of them is mutated
/// (copy-on-write, inherited from `Array`). Reshaping never copies. Images are laid out
/// NCHW (`[batch, channels, height, width]`) and videos NTCHW.
///
/// ```swift
/// var x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// let y = try x.reshaped([3, 2])   // shares storage with x
/// x[0] = 10                         // x now owns a private copy; y is unchanged
/// ```
public struct Tensor: Sendable, Equatable {
    /// The extent of each axis, outermost first.
    public private(set) var shape: [Int]
    /// The values in row-major order. `scalars.count == shape.product`.
    public internal(set) var scalars: [Float]

    /// Creates a tensor from a shape and its row-major values.
    /// - Throws: ``NeuralCoreError/invalidShape(_:reason:)`` when an extent is negative, or
    ///   ``NeuralCoreError/shapeMismatch(operation:expected:actual:)`` when the value count
    ///   does not match the shape.
    public init(shape: [Int], scalars: [Float]) throws {
        try Tensor.validate(shape)
        guard Tensor.elementCount(shape) == scalars.count else {
            throw NeuralCoreError.shapeMismatch(
                operation: "Tensor(shape:scalars:)", expected: shape, actual: [scalars.count])
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a tensor of the given shape filled with `value` (zero by default).
    /// - Throws: ``NeuralCoreError/invalidShape(_:reason:)`` when an extent is negative.
    public init(shape: [Int], repeating value: Float = 0) throws {
        try Tensor.validate(shape)
        MemoryPolicy.prepare()
        self.shape = shape
        self.scalars = [Float](repeating: value, count: Tensor.elementCount(shape))
    }

    /// Internal initialiser for shapes already known to be valid.
    init(validShape shape: [Int], scalars: [Float]) {
        self.shape = shape
        self.scalars = scalars
    }

    /// Internal zero-filled initialiser for shapes already known to be valid.
    init(zeros shape: [Int]) {
        MemoryPolicy.prepare()
        self.shape = shape
        self.scalars = [Float](repeating: 0, count: Tensor.elementCount(shape))
    }

    /// Internal initialiser for a valid shape whose every value the caller writes in `fill`
    /// (no zero-filling pass first).
    init(uninitialized shape: [Int], fill: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        MemoryPolicy.prepare()
        let count = Tensor.elementCount(shape)
        self.shape = shape
        self.scalars = try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            try fill(buffer)
            initialized = count
        }
    }

    /// A zero tensor with the same shape as `other`.
    public init(zerosLike other: Tensor) {
        self.init(zeros: other.shape)
    }

    /// A scalar tensor of shape `[]`.
    public init(scalar: Float) {
        self.shape = []
        self.scalars = [scalar]
    }

    /// The number of values (the product of the extents).
    public var count: Int { scalars.count }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The same values viewed with another shape of equal element count. One extent may be
    /// `-1`, in which case it is inferred. Never copies the values.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var resolved = newShape
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        if inferred.count > 1 {
            throw NeuralCoreError.invalidShape(newShape, reason: "more than one extent is -1")
        }
        if let axis = inferred.first {
            let known = newShape.enumerated().filter { $0.offset != axis }.map(\.element)
            try Tensor.validate(known)
            let rest = Tensor.elementCount(known)
            guard rest > 0, count % rest == 0 else {
                throw NeuralCoreError.shapeMismatch(
                    operation: "reshape", expected: newShape, actual: shape)
            }
            resolved[axis] = count / rest
        }
        try Tensor.validate(resolved)
        guard Tensor.elementCount(resolved) == count else {
            throw NeuralCoreError.shapeMismatch(operation: "reshape", expected: newShape, actual: shape)
        }
        return Tensor(validShape: resolved, scalars: scalars)
    }

    /// Reads or writes the value at a flat, row-major index.
    public subscript(flat index: Int) -> Float {
        get { scalars[index] }
        set { scalars[index] = newValue }
    }

    /// Reads or writes the value at a multi-dimensional index (one entry per axis).
    public subscript(_ index: Int...) -> Float {
        get { scalars[flatIndex(index)] }
        set { scalars[flatIndex(index)] = newValue }
    }

    /// The row-major offset of a multi-dimensional index. Traps on a wrong index count or an
    /// out-of-range index, as `Array` subscripts do.
    public func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) has the wrong rank for shape \(shape)")
        var offset = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[axis], "index \(index) is out of range for shape \(shape)")
            offset = offset * shape[axis] + i
        }
        return offset
    }

    /// Calls `body` with a pointer to the values, without copying.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the values, copying first only if shared.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Throws unless the tensor has exactly the given shape.
    public func expectShape(_ expected: [Int], in operation: @autoclosure () -> String) throws {
        guard shape == expected else {
            throw NeuralCoreError.shapeMismatch(operation: operation(), expected: expected, actual: shape)
        }
    }

    /// Throws unless the tensor has the given rank.
    public func expectRank(_ expected: Int, in operation: @autoclosure () -> String) throws {
        guard rank == expected else {
            throw NeuralCoreError.rankMismatch(operation: operation(), expected: expected, actual: shape)
        }
    }

    static func validate(_ shape: [Int]) throws {
        if let bad = shape.first(where: { $0 < 0 }) {
            throw NeuralCoreError.invalidShape(shape, reason: "extent \(bad) is negative")
        }
    }

    static func elementCount(_ shape: [Int]) -> Int {
        shape.reduce(1, *)
    }
}

extension Tensor: CustomStringConvertible {
    /// A short description: the shape and the first few values.
    public var description: String {
        let head = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        let more = scalars.count > 8 ? ", ..." : ""
        return "Tensor(shape: \(shape), [\(head)\(more)])"
    }
}
