import CBLAS

/// Thin wrappers over OpenBLAS's `cblas_sgemm` for row-major matrices.
enum BLAS {
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
