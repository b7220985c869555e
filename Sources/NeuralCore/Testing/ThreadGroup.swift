import Foundation

/// Ranks as threads of one process: a ``Communicator`` for tests of data-parallel code (a new
/// layer's ``BatchShardAware`` behaviour, say) without MPI. ``run(ranks:_:)`` starts one thread
/// per rank, each with its own communicator, and returns their results in rank order.
///
/// ```swift
/// let weights = try ThreadGroup.run(ranks: 3) { communicator in
///     var configuration = FitConfiguration(epochs: 2, batchSize: 8, seed: 1)
///     configuration.communicator = communicator
///     let model = try makeModel()
///     try fit(model: model, loss: loss, optimizer: try Adam(), data: data, configuration: configuration)
///     return model.namedParameters().map(\.parameter.value)
/// }
/// ```
public enum ThreadGroup {
    /// Runs `body` on `ranks` threads at once, each with the communicator of its rank, and returns
    /// what each returned, in rank order. If a rank throws, the group is torn down (the other
    /// ranks' collectives throw too) and the first error is rethrown.
    public static func run<Result>(
        ranks: Int, _ body: @escaping @Sendable (any Communicator) throws -> Result
    ) throws -> [Result] {
        guard ranks >= 1 else {
            throw NeuralCoreError.invalidArgument(name: "ranks", value: "\(ranks)", reason: "must be at least 1")
        }
        let shared = SharedState(size: ranks)
        let results = ResultSlots<Result>(count: ranks)
        let done = DispatchGroup()
        for rank in 0..<ranks {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                do {
                    results.set(rank, .success(try body(ThreadGroupCommunicator(rank: rank, shared: shared))))
                } catch {
                    shared.fail()
                    results.set(rank, .failure(error))
                }
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        done.wait()
        return try results.values()
    }
}

/// One rank of a ``ThreadGroup``.
final class ThreadGroupCommunicator: Communicator, @unchecked Sendable {
    let rank: Int
    private let shared: SharedState

    init(rank: Int, shared: SharedState) {
        self.rank = rank
        self.shared = shared
    }

    var size: Int { shared.size }
    var localRank: Int { rank }
    var localSize: Int { shared.size }

    func barrier() throws { _ = try shared.exchange(rank, []) }

    func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {
        let all = try shared.exchange(rank, buffer.map(Double.init))
        for i in 0..<buffer.count {
            var sum: Float = 0
            for part in all { sum += Float(part[i]) }
            buffer[i] = sum
        }
    }

    func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws {
        let all = try shared.exchange(rank, Array(buffer))
        for i in 0..<buffer.count { buffer[i] = all.reduce(0) { $0 + $1[i] } }
    }

    func broadcast(_ buffer: UnsafeMutableBufferPointer<Float>, root: Int) throws {
        let all = try shared.exchange(rank, buffer.map(Double.init))
        for i in 0..<buffer.count { buffer[i] = Float(all[root][i]) }
    }

    func broadcast(bytes: [UInt8], root: Int) throws -> [UInt8] {
        try shared.exchange(rank, bytes.map(Double.init))[root].map { UInt8($0) }
    }

    func allgather(_ values: [Float]) throws -> [[Float]] {
        try shared.exchange(rank, values.map(Double.init)).map { $0.map(Float.init) }
    }
}

/// Every rank posts its values, waits for the others, reads everyone's, and waits again before
/// the slots are reused.
final class SharedState: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var slots: [[Double]]
    private var arrived = 0
    private var generation = 0
    private var failed = false

    init(size: Int) {
        self.size = size
        slots = Array(repeating: [], count: size)
    }

    func fail() {
        condition.lock()
        failed = true
        condition.broadcast()
        condition.unlock()
    }

    func exchange(_ rank: Int, _ values: [Double]) throws -> [[Double]] {
        condition.lock()
        defer { condition.unlock() }
        slots[rank] = values
        try arrive()
        let all = slots
        try arrive()
        return all
    }

    private func arrive() throws {
        if failed { throw NeuralCoreError.training("another rank of the thread group failed") }
        let mine = generation
        arrived += 1
        if arrived == size {
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == mine, !failed { condition.wait() }
        }
        if failed { throw NeuralCoreError.training("another rank of the thread group failed") }
    }
}

/// The ranks' results, written by their threads.
final class ResultSlots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Swift.Result<Value, any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Swift.Result<Value, any Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func values() throws -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        // The first real error, not the "another rank failed" echoes.
        let failures = slots.compactMap { slot -> (any Error)? in
            if case let .failure(error)? = slot { return error }
            return nil
        }
        if let error = failures.first(where: { ($0 as? NeuralCoreError) != .training("another rank of the thread group failed") })
            ?? failures.first {
            throw error
        }
        return slots.map { slot in
            guard case let .success(value)? = slot else { preconditionFailure("every rank has a result") }
            return value
        }
    }
}
