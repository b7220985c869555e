import CMPI
import NeuralCore

/// NeuralCore's `Communicator` over MPI: the ranks of `MPI_COMM_WORLD`, on a
/// private duplicate of it so FlareKit's messages never mix with another library's.
///
/// Get one from ``DistributedEnvironment/start(threadsPerRank:)``, which starts MPI when the
/// process was launched by `mpirun`, `mpiexec` or `srun`. Errors are returned, not fatal
/// (`MPI_ERRORS_RETURN`): every failing call throws a ``DistributedError`` naming the call, MPI's
/// error text and the rank.
///
/// MPI runs with `MPI_THREAD_FUNNELED`: call the collectives from the main thread only (compute
/// threads may run meanwhile); a call from another thread throws
/// ``DistributedError/notMainThread(call:rank:)``.
///
/// ```swift
/// let communicator = try DistributedEnvironment.start()
/// var gradients: [Float] = ...
/// try gradients.withUnsafeMutableBufferPointer { try communicator.allreduceSum($0) }
/// ```
public final class MPICommunicator: Communicator, @unchecked Sendable {
    /// This process's rank in `MPI_COMM_WORLD`.
    public let rank: Int
    /// The number of ranks in `MPI_COMM_WORLD`.
    public let size: Int
    /// This process's rank among the ranks sharing its node (`MPI_COMM_TYPE_SHARED`).
    public let localRank: Int
    /// The number of ranks sharing this process's node.
    public let localSize: Int

    /// The duplicate of `MPI_COMM_WORLD`; `nil` once released by ``DistributedEnvironment/finish()``.
    private var handle: MPI_Comm?

    /// Duplicates `parent`, makes its errors returned rather than fatal, and finds the node-local
    /// rank and size with `MPI_Comm_split_type(MPI_COMM_TYPE_SHARED)`.
    init(duplicating parent: MPI_Comm) throws {
        var rank: Int32 = 0, size: Int32 = 0
        try checkMPI(MPI_Comm_rank(parent, &rank), "MPI_Comm_rank", rank: nil)
        try checkMPI(MPI_Comm_size(parent, &size), "MPI_Comm_size", rank: Int(rank))
        var handle: MPI_Comm?
        try checkMPI(MPI_Comm_dup(parent, &handle), "MPI_Comm_dup", rank: Int(rank))
        try checkMPI(
            MPI_Comm_set_errhandler(handle, cmpi_errors_return()), "MPI_Comm_set_errhandler", rank: Int(rank))

        var node: MPI_Comm?
        try checkMPI(
            MPI_Comm_split_type(handle, cmpi_comm_type_shared(), rank, cmpi_info_null(), &node),
            "MPI_Comm_split_type", rank: Int(rank))
        var localRank: Int32 = 0, localSize: Int32 = 0
        try checkMPI(MPI_Comm_rank(node, &localRank), "MPI_Comm_rank", rank: Int(rank))
        try checkMPI(MPI_Comm_size(node, &localSize), "MPI_Comm_size", rank: Int(rank))
        try checkMPI(MPI_Comm_free(&node), "MPI_Comm_free", rank: Int(rank))

        self.rank = Int(rank)
        self.size = Int(size)
        self.localRank = Int(localRank)
        self.localSize = Int(localSize)
        self.handle = handle
    }

    /// Frees the duplicated communicator (before `MPI_Finalize`); later calls throw
    /// ``DistributedError/finalized(call:rank:)``.
    func release() throws {
        guard handle != nil, !mpiIsFinalized() else { return }
        try check(MPI_Comm_free(&handle), "MPI_Comm_free")
        handle = nil
    }

    /// Returns once every rank has called it (`MPI_Barrier`).
    public func barrier() throws {
        let communicator = try usableHandle("MPI_Barrier")
        try check(MPI_Barrier(communicator), "MPI_Barrier")
    }

    /// Replaces `buffer` on every rank with the element-wise sum over ranks (`MPI_Allreduce` in
    /// place, `MPI_FLOAT`, `MPI_SUM`).
    public func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {
        try allreduceSum(buffer, type: cmpi_float())
    }

    /// Replaces `buffer` on every rank with the element-wise sum over ranks (`MPI_Allreduce` in
    /// place, `MPI_DOUBLE`, `MPI_SUM`).
    public func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws {
        try allreduceSum(buffer, type: cmpi_double())
    }

    /// Copies `root`'s `buffer` into every other rank's `buffer` (`MPI_Bcast`); throws
    /// ``DistributedError/invalidRoot(call:root:size:rank:)`` on every rank for a root outside
    /// `0..<size`.
    public func broadcast(_ buffer: UnsafeMutableBufferPointer<Float>, root: Int) throws {
        try broadcast(buffer, type: cmpi_float(), root: root)
    }

    /// `root`'s bytes on every rank: their length (`MPI_Bcast` of an `MPI_INT64_T`), then the
    /// bytes (`MPI_BYTE`).
    public func broadcast(bytes: [UInt8], root: Int) throws -> [UInt8] {
        var count = [Int64(bytes.count)]
        try count.withUnsafeMutableBufferPointer { try broadcast($0, type: cmpi_int64(), root: root) }
        var result = rank == root ? bytes : [UInt8](repeating: 0, count: Int(count[0]))
        try result.withUnsafeMutableBufferPointer { try broadcast($0, type: cmpi_byte(), root: root) }
        return result
    }

    /// Every rank's `values`, on every rank, in rank order: the counts (`MPI_Allgather` of
    /// `MPI_INT64_T`), then the values (`MPI_Allgatherv` in place). Throws
    /// ``DistributedError/countTooLarge(call:count:rank:)`` on every rank when the total
    /// exceeds `Int32.max`.
    public func allgather(_ values: [Float]) throws -> [[Float]] {
        let communicator = try usableHandle("MPI_Allgather")
        var ownCount = Int64(values.count)
        var counts = [Int64](repeating: 0, count: size)
        try check(
            MPI_Allgather(&ownCount, 1, cmpi_int64(), &counts, 1, cmpi_int64(), communicator), "MPI_Allgather")
        // Every rank sees the same counts, so every rank takes the same branch below.
        let total = counts.reduce(0, +)
        guard total <= Int64(Int32.max) else {
            throw DistributedError.countTooLarge(call: "MPI_Allgatherv", count: Int(total), rank: rank)
        }
        let counts32 = counts.map { Int32($0) }
        var offsets = [Int32](repeating: 0, count: size)
        for index in counts32.indices.dropFirst() { offsets[index] = offsets[index - 1] + counts32[index - 1] }

        var gathered = [Float](repeating: 0, count: Int(total))
        let own = Int(offsets[rank])..<(Int(offsets[rank]) + values.count)
        gathered.replaceSubrange(own, with: values)
        if total > 0 {
            try gathered.withUnsafeMutableBufferPointer { all in
                try check(
                    MPI_Allgatherv(
                        cmpi_in_place(), 0, cmpi_float(), all.baseAddress, counts32, offsets, cmpi_float(), communicator),
                    "MPI_Allgatherv")
            }
        }
        return (0..<size).map { Array(gathered[Int(offsets[$0])..<Int(offsets[$0] + counts32[$0])]) }
    }

    // MARK: - Helpers

    /// `MPI_Allreduce(MPI_IN_PLACE, ..., MPI_SUM)` over pieces that fit MPI's `int` counts.
    private func allreduceSum<Element>(_ buffer: UnsafeMutableBufferPointer<Element>, type: MPI_Datatype) throws {
        let communicator = try usableHandle("MPI_Allreduce")
        guard let base = buffer.baseAddress else { return }
        for piece in mpiCountPieces(buffer.count) {
            try check(
                MPI_Allreduce(
                    cmpi_in_place(), base + piece.lowerBound, Int32(piece.count), type, cmpi_sum(), communicator),
                "MPI_Allreduce")
        }
    }

    /// `MPI_Bcast` over pieces that fit MPI's `int` counts.
    private func broadcast<Element>(_ buffer: UnsafeMutableBufferPointer<Element>, type: MPI_Datatype, root: Int) throws {
        let communicator = try usableHandle("MPI_Bcast")
        guard (0..<size).contains(root) else {
            throw DistributedError.invalidRoot(call: "MPI_Bcast", root: root, size: size, rank: rank)
        }
        guard let base = buffer.baseAddress else { return }
        for piece in mpiCountPieces(buffer.count) {
            try check(
                MPI_Bcast(base + piece.lowerBound, Int32(piece.count), type, Int32(root), communicator), "MPI_Bcast")
        }
    }

    /// The communicator, once checked that MPI is still running and this is the main thread.
    private func usableHandle(_ call: String) throws -> MPI_Comm {
        guard let handle, !mpiIsFinalized() else { throw DistributedError.finalized(call: call, rank: rank) }
        var isMainThread: Int32 = 0
        try check(MPI_Is_thread_main(&isMainThread), "MPI_Is_thread_main")
        guard isMainThread != 0 else { throw DistributedError.notMainThread(call: call, rank: rank) }
        return handle
    }

    private func check(_ code: Int32, _ call: String) throws {
        try checkMPI(code, call, rank: rank)
    }
}
