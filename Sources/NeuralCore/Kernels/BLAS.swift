import CBLAS

/// Thin wrappers over OpenBLAS's `cblas_sgemm` for row-major matrices.
enum BLAS {
    /// Runs `body` with OpenBLAS single-threaded when `condition` holds: FlareKit's own
    /// workers then each call BLAS on their own images, which scales better than OpenBLAS
    /// threading small products. The thread count is restored afterwards.
    static func singleThreaded<R>(when condition: Bool, _ body: () throws -> R) rethrows -> R {
        guard condition else { return try body() }
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(Int32(ComputeThreads.count)) }
        return try body()
    }

    /// `C = alpha * op(A) * op(B) + beta * C`, all row-major. `op(A)` is `m x k`, `op(B)` is
    /// `k x n`, `C` is `m x n`; `lda`, `ldb`, `ldc` are the row strides of the stored matrices.
    @inline(__always)
    static func sgemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            // BLAS leaves C scaled by beta when k == 0; do the same without calling it.
            for row in 0..<m {
                for column in 0..<n { c[row * ldc + column] *= beta }
            }
            return
        }
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha,
            a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
