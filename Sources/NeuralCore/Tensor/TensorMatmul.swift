extension Tensor {
    /// The matrix product `op(a) op(b)` of two rank-2 tensors through OpenBLAS `sgemm`
    /// (`op` transposes when asked), its columns split over the compute threads when large.
    ///
    /// ```swift
    /// let y = try Tensor.matmul(x, w)                   // [n, k] x [k, m] -> [n, m]
    /// let g = try Tensor.matmul(x, dy, transposeA: true) // x^T dy
    /// ```
    /// - Throws: ``NeuralCoreError/rankMismatch(operation:expected:actual:)`` or
    ///   ``NeuralCoreError/shapeMismatch(operation:expected:actual:)`` when the shapes do not
    ///   multiply.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) throws -> Tensor {
        let (m, n, _) = try productSizes(a, b, transposeA: transposeA, transposeB: transposeB)
        var product = Tensor(zeros: [m, n])
        try product.addMatmul(a, b, transposeA: transposeA, transposeB: transposeB)
        return product
    }

    /// Adds the matrix product `op(a) op(b)` to this rank-2 tensor (`sgemm` with beta 1).
    /// - Throws: ``NeuralCoreError/rankMismatch(operation:expected:actual:)`` or
    ///   ``NeuralCoreError/shapeMismatch(operation:expected:actual:)`` when the shapes do not
    ///   multiply into this one.
    public mutating func addMatmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) throws {
        let (m, n, k) = try Self.productSizes(a, b, transposeA: transposeA, transposeB: transposeB)
        try expectShape([m, n], in: "Tensor.addMatmul result")
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                withUnsafeMutableBufferPointer { z in
                    BLAS.parallelSgemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        a: x.baseAddress!, lda: a.shape[1], b: y.baseAddress!, ldb: b.shape[1],
                        beta: 1, c: z.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// The sizes `m x k` and `k x n` of `op(a)` and `op(b)`.
    private static func productSizes(
        _ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool
    ) throws -> (m: Int, n: Int, k: Int) {
        try a.expectRank(2, in: "Tensor.matmul left operand")
        try b.expectRank(2, in: "Tensor.matmul right operand")
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (inner, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard inner == k else {
            throw NeuralCoreError.shapeMismatch(
                operation: "Tensor.matmul inner extent", expected: [k, n], actual: transposeB ? [n, inner] : [inner, n])
        }
        return (m, n, k)
    }
}
