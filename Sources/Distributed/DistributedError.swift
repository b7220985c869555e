/// Every error the `Distributed` module throws. Each case names the rank it happened on and the
/// MPI call or value it is about.
///
/// A rank that throws one of these cannot take part in further collectives: end the job with
/// ``DistributedEnvironment/abort(errorCode:message:)`` so the other ranks do not wait forever.
///
/// ```swift
/// do { try communicator.barrier() }
/// catch { DistributedEnvironment.abort(errorCode: 1, message: "\(error)") }
/// ```
public enum DistributedError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An MPI call returned an error code; `message` is MPI's text for it (`MPI_Error_string`).
    /// `rank` is `nil` when the failure came before this process knew its rank.
    case mpi(call: String, code: Int, message: String, rank: Int?)
    /// The MPI library cannot give the thread support FlareKit needs (`MPI_THREAD_FUNNELED`).
    case threadSupport(required: Int, provided: Int, rank: Int?)
    /// A collective was called from a thread other than the one that started MPI (FlareKit asks
    /// MPI for `MPI_THREAD_FUNNELED`: only the main thread may communicate).
    case notMainThread(call: String, rank: Int)
    /// A communicator was used, or MPI started again, after ``DistributedEnvironment/finish()``.
    case finalized(call: String, rank: Int?)
    /// A broadcast named a root outside `0..<size`.
    case invalidRoot(call: String, root: Int, size: Int, rank: Int)
    /// A collective's total element count does not fit MPI's 32-bit counts and displacements.
    case countTooLarge(call: String, count: Int, rank: Int)
    /// A failure a test asked for (`mpi-check --fail-rank`), to check that the whole job ends.
    case requestedFailure(rank: Int)

    /// One line naming the call, the rank and what went wrong.
    public var description: String {
        switch self {
        case let .mpi(call, code, message, rank):
            return "\(call) failed\(Self.on(rank)) (MPI error \(code): \(message))"
        case let .threadSupport(required, provided, rank):
            return "MPI_Init_thread\(Self.on(rank)) provides thread level \(provided), FlareKit needs \(required) "
                + "(MPI_THREAD_FUNNELED); use an MPI library built with thread support"
        case let .notMainThread(call, rank):
            return "\(call) called off the main thread on rank \(rank); MPI was started with MPI_THREAD_FUNNELED"
        case let .finalized(call, rank):
            return "\(call)\(Self.on(rank)) after MPI was finished (DistributedEnvironment.finish())"
        case let .invalidRoot(call, root, size, rank):
            return "\(call) on rank \(rank): root \(root) is not a rank of 0..<\(size)"
        case let .countTooLarge(call, count, rank):
            return "\(call) on rank \(rank): \(count) elements exceed MPI's 32-bit counts (\(Int32.max))"
        case let .requestedFailure(rank):
            return "rank \(rank) failed on request (--fail-rank \(rank))"
        }
    }

    private static func on(_ rank: Int?) -> String {
        rank.map { " on rank \($0)" } ?? ""
    }
}
