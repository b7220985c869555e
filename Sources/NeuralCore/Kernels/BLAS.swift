import CBLAS

/// Thin wrappers over OpenBLAS's `cblas_sgemm` for row-major matrices.
///
/// OpenBLAS itself runs single-threaded: FlareKit's workers parallelise around it (images of a
/// convolution, column blocks of a large product), which scales better on small products, never
/// changes a process-wide setting while another thread multiplies, and makes every result
/// independent of the thread count (each output element is one call's sum over the full depth).
enum BLAS {
    /// Sets OpenBLAS to one thread, once, before the first product.
    static let configured: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// `sgemm` with the columns of `C` split over FlareKit's workers when the product is large.
    static func parallelSgemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let workers = Parallel.workerCount
        guard workers > 1, n >= 2 * workers, m * n * k >= 4_000_000 else {
            sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                  a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        let aPointer = SendableConstPointer(a), bPointer = SendableConstPointer(b), cPointer = SendablePointer(c)
        Parallel.forEachWorker(n) { _, columns in
            // Columns j of op(B): B[:, j] without transpose, B[j, :] with it.
            let bBlock = transposeB ? bPointer.base + columns.lowerBound * ldb : bPointer.base + columns.lowerBound
            sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: columns.count, k: k, alpha: alpha,
                  a: aPointer.base, lda: lda, b: bBlock, ldb: ldb, beta: beta,
                  c: cPointer.base + columns.lowerBound, ldc: ldc)
        }
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
        _ = configured
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
