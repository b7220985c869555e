import Dispatch
import Foundation

/// A pointer wrapper that may cross into `concurrentPerform`'s worker closures. Each worker
/// must touch a disjoint part of the memory.
struct SendablePointer<Pointee>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Pointee>
    init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }
}

/// A read-only pointer wrapper for `concurrentPerform`'s worker closures.
struct SendableConstPointer<Pointee>: @unchecked Sendable {
    let base: UnsafePointer<Pointee>
    init(_ base: UnsafePointer<Pointee>) { self.base = base }
}

enum Parallel {
    /// The active cores, the default thread count.
    static let defaultWorkerCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// The number of worker threads used by FlareKit's own parallel loops.
    static var workerCount: Int { ComputeThreads.count }

    /// Calls `body` on contiguous sub-ranges of `0..<count`, in parallel when the work is
    /// large enough (`count * costPerItem` above a threshold), serially otherwise.
    static func forEachChunk(
        _ count: Int, costPerItem: Int = 1,
        _ body: (Range<Int>) -> Void
    ) {
        guard count > 0 else { return }
        let chunks = min(workerCount, count)
        if chunks == 1 || count * costPerItem < 32_768 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedBox(escapable)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = count * chunk / chunks
                let end = count * (chunk + 1) / chunks
                if start < end { box.value(start..<end) }
            }
        }
    }
}

extension Parallel {
    /// Splits `0..<count` into one contiguous range per worker (at most `workerCount` of
    /// them) and calls `body(worker, range)` for each, in parallel when there is more than one.
    /// Returns the number of workers used.
    @discardableResult
    static func forEachWorker(_ count: Int, maximumWorkers: Int = .max, _ body: (Int, Range<Int>) -> Void) -> Int {
        let workers = max(1, min(workerCount, count, maximumWorkers))
        if workers == 1 {
            if count > 0 { body(0, 0..<count) }
            return 1
        }
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedBox(escapable)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let start = count * worker / workers
                let end = count * (worker + 1) / workers
                if start < end { box.value(worker, start..<end) }
            }
        }
        return workers
    }

    /// The number of workers `forEachWorker` uses for `count` items.
    static func workers(for count: Int) -> Int { max(1, min(workerCount, count)) }
}

/// Carries a non-Sendable closure into `concurrentPerform`; callers guarantee disjoint writes.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
