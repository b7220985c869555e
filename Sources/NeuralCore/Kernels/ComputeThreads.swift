import Synchronization

/// The number of threads FlareKit computes with: the workers of its parallel loops, which also
/// run the matrix products (OpenBLAS itself stays single-threaded). Defaults to the active cores.
public enum ComputeThreads {
    private static let storage = Atomic<Int>(0)

    /// The current thread count.
    public static var count: Int {
        let value = storage.load(ordering: .relaxed)
        return value > 0 ? value : Parallel.defaultWorkerCount
    }

    /// Sets the thread count (at least 1).
    public static func set(_ threads: Int) {
        storage.store(max(1, threads), ordering: .relaxed)
    }
}
