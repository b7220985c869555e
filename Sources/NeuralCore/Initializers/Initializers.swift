import CLAPACKE

/// Keras's default weight initialisers, drawing from a caller-supplied ``SeededGenerator``.
public enum Initializers {
    /// Glorot (Xavier) uniform: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)).
    public static func glorotUniform(
        shape: [Int], fanIn: Int, fanOut: Int, generator: inout SeededGenerator
    ) throws -> Tensor {
        guard fanIn + fanOut > 0 else {
            throw NeuralCoreError.invalidArgument(
                name: "Glorot fan-in + fan-out", value: "\(fanIn + fanOut)", reason: "must be positive")
        }
        let limit = (6 / Float(fanIn + fanOut)).squareRoot()
        return try generator.uniformTensor(shape: shape, low: -limit, high: limit)
    }

    /// Keras's `Orthogonal` initialiser: the Q factor of the QR decomposition of a standard
    /// normal matrix (LAPACK `sgeqrf`/`sorgqr`), with columns sign-corrected by diag(R), for a
    /// matrix of `prod(shape.dropLast())` rows and `shape.last` columns (transposed when it
    /// has fewer rows than columns), times `gain`.
    public static func orthogonal(shape: [Int], gain: Float = 1, generator: inout SeededGenerator) throws -> Tensor {
        guard shape.count >= 2 else {
            throw NeuralCoreError.invalidShape(shape, reason: "the orthogonal initialiser needs rank >= 2")
        }
        let rows = shape.dropLast().reduce(1, *)
        let columns = shape.last!
        let m = max(rows, columns)
        let n = min(rows, columns)
        guard n > 0 else { return try Tensor(shape: shape) }
        // a: m x n row-major standard normal.
        var a = (0..<(m * n)).map { _ in generator.nextNormal() }
        var tau = [Float](repeating: 0, count: n)
        var info = LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, Int32(m), Int32(n), &a, Int32(n), &tau)
        guard info == 0 else { throw NeuralCoreError.lapack(routine: "sgeqrf", info: Int(info)) }
        let signs = (0..<n).map { a[$0 * n + $0] < 0 ? Float(-1) : Float(1) }
        info = LAPACKE_sorgqr(LAPACK_ROW_MAJOR, Int32(m), Int32(n), Int32(n), &a, Int32(n), &tau)
        guard info == 0 else { throw NeuralCoreError.lapack(routine: "sorgqr", info: Int(info)) }
        var q = [Float](repeating: 0, count: rows * columns)
        for i in 0..<m {
            for j in 0..<n {
                let value = gain * a[i * n + j] * signs[j]
                if rows < columns {
                    q[j * columns + i] = value   // transpose: (n x m) = (rows x columns)
                } else {
                    q[i * columns + j] = value
                }
            }
        }
        return try Tensor(shape: shape, scalars: q)
    }
}
