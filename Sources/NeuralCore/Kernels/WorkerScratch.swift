/// Per-worker scratch memory for parallel kernels: each worker of a parallel region gets its
/// own buffers, sized before the region starts, so no allocation happens inside it.
final class WorkerScratch: @unchecked Sendable {
    private var buffers: [UnsafeMutablePointer<Float>] = []
    private var capacities: [Int] = []

    /// Makes sure `workers` buffers of at least `floats` values exist.
    func reserve(workers: Int, floats: Int) {
        while buffers.count < workers {
            buffers.append(UnsafeMutablePointer<Float>.allocate(capacity: 1))
            capacities.append(1)
        }
        for worker in 0..<workers where capacities[worker] < floats {
            buffers[worker].deallocate()
            buffers[worker] = UnsafeMutablePointer<Float>.allocate(capacity: floats)
            capacities[worker] = floats
        }
    }

    /// The buffer of `worker` (valid until the next `reserve`).
    func buffer(_ worker: Int) -> UnsafeMutablePointer<Float> { buffers[worker] }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }
}
