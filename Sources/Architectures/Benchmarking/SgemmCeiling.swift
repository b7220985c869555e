import Foundation
import NeuralCore

/// The matrix-product ceiling the throughput figures are measured against: the GFLOP/s of
/// large square single-precision products through ``Tensor/matmul(_:_:transposeA:transposeB:)``
/// (OpenBLAS `sgemm`, columns split over FlareKit's threads as the convolutions split images),
/// the best of a few repeats.
public enum SgemmCeiling {
    /// Measures the ceiling with `size x size` matrices on the current ``ComputeThreads``.
    /// - Throws: ``NeuralCoreError`` for a size below 1.
    public static func measure(size: Int = 1536, repeats: Int = 5, seed: UInt64 = 1) throws -> Double {
        var generator = SeededGenerator(seed: seed)
        let a = try generator.uniformTensor(shape: [size, size], low: -1, high: 1)
        let b = try generator.uniformTensor(shape: [size, size], low: -1, high: 1)
        _ = try Tensor.matmul(a, b)
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try Tensor.matmul(a, b)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return 2 * Double(size) * Double(size) * Double(size) / best / 1e9
    }
}
