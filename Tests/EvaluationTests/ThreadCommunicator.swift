import Foundation
import NeuralCore

/// Ranks as threads of this process: a stand-in for an MPI communicator in tests. Every
/// collective is one exchange of byte buffers among all ranks of the group.
final class ThreadCommunicator: Communicator, @unchecked Sendable {
    /// The ranks' meeting point.
    final class Group: @unchecked Sendable {
        let size: Int
        private let condition = NSCondition()
        private var contributions: [[UInt8]?]
        private var results: [[UInt8]] = []
        private var arrived = 0
        private var generation = 0

        init(size: Int) {
            self.size = size
            contributions = Array(repeating: nil, count: size)
        }

        /// Every rank's bytes, once every rank has handed in its own.
        func exchange(rank: Int, _ bytes: [UInt8]) -> [[UInt8]] {
            condition.lock()
            defer { condition.unlock() }
            let round = generation
            contributions[rank] = bytes
            arrived += 1
            if arrived == size {
                results = contributions.map { $0 ?? [] }
                contributions = Array(repeating: nil, count: size)
                arrived = 0
                generation += 1
                condition.broadcast()
            } else {
                while generation == round { condition.wait() }
            }
            return results
        }
    }

    let group: Group
    let rank: Int
    var size: Int { group.size }
    var localRank: Int { rank }
    var localSize: Int { group.size }

    init(rank: Int, group: Group) {
        self.rank = rank
        self.group = group
    }

    func barrier() throws { _ = group.exchange(rank: rank, []) }

    func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {
        let all = group.exchange(rank: rank, Self.bytes(Array(buffer))).map { Self.values($0, as: Float.self) }
        for i in buffer.indices { buffer[i] = all.reduce(0) { $0 + $1[i] } }
    }

    func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws {
        let all = group.exchange(rank: rank, Self.bytes(Array(buffer))).map { Self.values($0, as: Double.self) }
        for i in buffer.indices { buffer[i] = all.reduce(0) { $0 + $1[i] } }
    }

    func broadcast(_ buffer: UnsafeMutableBufferPointer<Float>, root: Int) throws {
        let values = Self.values(group.exchange(rank: rank, Self.bytes(Array(buffer)))[root], as: Float.self)
        for i in buffer.indices { buffer[i] = values[i] }
    }

    func broadcast(bytes: [UInt8], root: Int) throws -> [UInt8] {
        group.exchange(rank: rank, bytes)[root]
    }

    func allgather(_ values: [Float]) throws -> [[Float]] {
        group.exchange(rank: rank, Self.bytes(values)).map { Self.values($0, as: Float.self) }
    }

    private static func bytes<T>(_ values: [T]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }

    private static func values<T>(_ bytes: [UInt8], as: T.Type) -> [T] {
        bytes.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    }

    /// Runs `body` on `size` threads, one rank each, and returns each rank's result in rank order.
    static func onRanks<T>(_ size: Int, _ body: @escaping (ThreadCommunicator) throws -> T) -> [Result<T, any Error>] {
        let group = Group(size: size)
        let results = Results<T>(count: size)
        let done = DispatchGroup()
        let work = Unchecked(body)
        for rank in 0..<size {
            done.enter()
            let thread = Thread {
                results.set(rank, Result { try work.value(ThreadCommunicator(rank: rank, group: group)) })
                done.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        done.wait()
        return results.all
    }
}

/// A value handed to another thread as is.
struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Results written by several threads.
final class Results<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<T, any Error>?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<T, any Error>) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    var all: [Result<T, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return values.map { $0 ?? .failure(CancellationError()) }
    }
}
