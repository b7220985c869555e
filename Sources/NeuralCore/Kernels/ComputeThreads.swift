import CBLAS
import Synchronization

/// The number of threads FlareKit computes with: OpenBLAS's threads and the workers of
/// FlareKit's own parallel loops (im2col, pooling, ...). Defaults to the active cores.
public enum ComputeThreads {
    private static let storage = Atomic<Int>(0)

    /// The current thread count.
    public static var count: Int {
        let value = storage.load(ordering: .relaxed)
        return value > 0 ? value : Parallel.defaultWorkerCount
    }

    /// Sets the thread count for OpenBLAS and FlareKit's loops (at least 1).
    public static func set(_ threads: Int) {
        let value = max(1, threads)
        storage.store(value, ordering: .relaxed)
        openblas_set_num_threads(Int32(value))
    }
}
