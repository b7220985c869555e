import Foundation
import NeuralCore

/// A self-test of a communicator: every collective once, on data that depends on the rank, with
/// the results and whether they equal what the collective must give. `mpi-check` runs it on each
/// rank and prints ``jsonLine()``.
///
/// Every input is a small integer or a multiple of 1/4, so the sums are exact in any reduction
/// order and the results compare with `==`.
///
/// ```swift
/// let communicator = try DistributedEnvironment.start()
/// let check = try CollectiveCheck.run(on: communicator)
/// print(try check.jsonLine())     // {"localRank":0,...,"passed":true,"rank":0,...}
/// ```
public struct CollectiveCheck: Codable, Equatable, Sendable {
    /// The rank that ran the check.
    public var rank: Int
    /// The number of ranks.
    public var size: Int
    /// The rank among the ranks on its node.
    public var localRank: Int
    /// The number of ranks on the node.
    public var localSize: Int
    /// NeuralCore's compute threads on this rank (`ComputeThreads.count`).
    public var threads: Int
    /// What each collective gave.
    public var results: Values
    /// Whether ``results`` equals ``expected(size:)``.
    public var passed: Bool

    /// One value per collective: a rank's inputs (``contribution(rank:size:)``) or the
    /// collectives' outputs (``results``, ``expected(size:)``).
    public struct Values: Codable, Equatable, Sendable {
        /// `allreduceSum` of a `Float` buffer.
        public var allreduceFloat: [Float]
        /// `allreduceSum` of a `Double` array.
        public var allreduceDouble: [Double]
        /// `broadcast` of a `Float` buffer from rank 0.
        public var broadcastFloat: [Float]
        /// `broadcast(bytes:root:)` from the last rank; the ranks' lengths differ.
        public var broadcastBytes: [UInt8]
        /// `broadcast(_:root:)` of a flag from the last rank.
        public var broadcastFlag: Bool
        /// `allgather` of arrays whose lengths differ (rank 0's is empty).
        public var allgather: [[Float]]
    }

    /// Rank `rank`'s inputs to each collective (its `allgather` entry is its own array only).
    public static func contribution(rank: Int, size: Int) -> Values {
        Values(
            allreduceFloat: (0..<4).map { Float((rank + 1) * ($0 + 1)) },
            allreduceDouble: (0..<3).map { Double(rank) * 1_000_000 + 0.25 * Double($0) },
            broadcastFloat: (0..<3).map { Float(10 * rank + $0) },
            broadcastBytes: [UInt8](repeating: UInt8(truncatingIfNeeded: rank + 1), count: rank + 1),
            broadcastFlag: rank == size - 1,
            allgather: [(0..<rank).map { Float(100 * rank + $0) }])
    }

    /// What every rank must get from `size` ranks' contributions: sums over ranks, the root's
    /// broadcasts, and every rank's array in rank order.
    public static func expected(size: Int) -> Values {
        let all = (0..<size).map { contribution(rank: $0, size: size) }
        let first = all[0], last = all[size - 1]
        return Values(
            allreduceFloat: all.dropFirst().reduce(first.allreduceFloat) { zip($0, $1.allreduceFloat).map(+) },
            allreduceDouble: all.dropFirst().reduce(first.allreduceDouble) { zip($0, $1.allreduceDouble).map(+) },
            broadcastFloat: first.broadcastFloat,
            broadcastBytes: last.broadcastBytes,
            broadcastFlag: last.broadcastFlag,
            allgather: all.flatMap(\.allgather))
    }

    /// Runs a barrier, then (unless this rank is `failingRank`, which throws
    /// ``DistributedError/requestedFailure(rank:)``) every collective, then a last barrier.
    public static func run(on communicator: any Communicator, failingRank: Int? = nil) throws -> CollectiveCheck {
        let rank = communicator.rank, size = communicator.size
        try communicator.barrier()
        if failingRank == rank { throw DistributedError.requestedFailure(rank: rank) }

        let mine = contribution(rank: rank, size: size)
        var floats = mine.allreduceFloat
        try floats.withUnsafeMutableBufferPointer { try communicator.allreduceSum($0) }
        let doubles = try communicator.allreduceSum(mine.allreduceDouble)
        var broadcastFloats = mine.broadcastFloat
        try broadcastFloats.withUnsafeMutableBufferPointer { try communicator.broadcast($0, root: 0) }
        let bytes = try communicator.broadcast(bytes: mine.broadcastBytes, root: size - 1)
        let flag = try communicator.broadcast(mine.broadcastFlag, root: size - 1)
        let gathered = try communicator.allgather(mine.allgather[0])
        try communicator.barrier()

        let results = Values(
            allreduceFloat: floats, allreduceDouble: doubles, broadcastFloat: broadcastFloats, broadcastBytes: bytes,
            broadcastFlag: flag, allgather: gathered)
        return CollectiveCheck(
            rank: rank, size: size, localRank: communicator.localRank, localSize: communicator.localSize,
            threads: ComputeThreads.count, results: results, passed: results == expected(size: size))
    }

    /// The check as one line of JSON with sorted keys.
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
