/// What training and distributed runs need from a group of cooperating processes ("ranks"):
/// who this process is, a barrier, and a few collective operations on flat buffers.
///
/// NeuralCore never links MPI: it declares this protocol, and the `Distributed` module
/// implements it with OpenMPI (`MPICommunicator`). One process alone is
/// ``SingleProcessCommunicator``, the default everywhere, for which every collective is the
/// identity.
///
/// Every rank must call the same collectives in the same order with buffers of the same length
/// (as MPI requires); a rank that cannot go on throws, and the caller ends the whole job.
///
/// ```swift
/// var gradients: [Float] = ...                       // this rank's contribution
/// try gradients.withUnsafeMutableBufferPointer { try communicator.allreduceSum($0) }
/// // now every rank holds the sum over all ranks
/// ```
public protocol Communicator: AnyObject {
    /// This process's rank, `0..<size`.
    var rank: Int { get }
    /// The number of ranks.
    var size: Int { get }
    /// This process's rank among the ranks on its node.
    var localRank: Int { get }
    /// The number of ranks on this node.
    var localSize: Int { get }

    /// Returns once every rank has called it.
    func barrier() throws
    /// Replaces `buffer` on every rank with the element-wise sum over ranks.
    func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws
    /// Replaces `buffer` on every rank with the element-wise sum over ranks.
    func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws
    /// Copies `root`'s `buffer` into every other rank's `buffer` (same length everywhere).
    func broadcast(_ buffer: UnsafeMutableBufferPointer<Float>, root: Int) throws
    /// `root`'s bytes on every rank (the length may differ from the other ranks' `bytes`).
    func broadcast(bytes: [UInt8], root: Int) throws -> [UInt8]
    /// Every rank's `values` (their counts may differ), on every rank, in rank order.
    func allgather(_ values: [Float]) throws -> [[Float]]
}

extension Communicator {
    /// Whether this is rank 0, the rank that writes files and makes decisions.
    public var isRoot: Bool { rank == 0 }

    /// Sums `values` over ranks (a copy; see ``allreduceSum(_:)-(UnsafeMutableBufferPointer<Float>)``).
    public func allreduceSum(_ values: [Double]) throws -> [Double] {
        var result = values
        try result.withUnsafeMutableBufferPointer { try allreduceSum($0) }
        return result
    }

    /// `root`'s value of a flag on every rank.
    public func broadcast(_ flag: Bool, root: Int = 0) throws -> Bool {
        try broadcast(bytes: [flag ? 1 : 0], root: root).first == 1
    }
}

/// One process on its own: rank 0 of 1, every collective the identity.
public final class SingleProcessCommunicator: Communicator, @unchecked Sendable {
    /// The shared instance.
    public static let shared = SingleProcessCommunicator()

    /// Creates the communicator.
    public init() {}

    public var rank: Int { 0 }
    public var size: Int { 1 }
    public var localRank: Int { 0 }
    public var localSize: Int { 1 }
    public func barrier() throws {}
    public func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {}
    public func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws {}
    public func broadcast(_ buffer: UnsafeMutableBufferPointer<Float>, root: Int) throws {}
    public func broadcast(bytes: [UInt8], root: Int) throws -> [UInt8] { bytes }
    public func allgather(_ values: [Float]) throws -> [[Float]] { [values] }
}
