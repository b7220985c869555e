import NeuralCore

/// The order in which an epoch visits the samples: a permutation drawn from a generator seeded
/// by the seed and the epoch only, so epoch 7 has the same order whether or not epochs 1-6 ran
/// (for loops other than NeuralCore's `fit`, which shuffles with its own seed).
///
/// ```swift
/// let order = EpochOrder(seed: 3)
/// for batch in try order.batches(count: source.count, batchSize: 128, epoch: 1) {
///     let (x, y) = try source.batch(batch)
/// }
/// ```
public struct EpochOrder: Sendable, Hashable, Codable {
    /// The seed.
    public var seed: UInt64

    /// An order.
    public init(seed: UInt64) {
        self.seed = seed
    }

    /// A permutation of `0..<count` for `epoch`.
    public func permutation(count: Int, epoch: Int) -> [Int] {
        var generator = SeededGenerator(seed: SeedMixing.mix(seed, UInt64(bitPattern: Int64(epoch))))
        return generator.permutation(max(count, 0))
    }

    /// The epoch's samples cut into batches of `batchSize` (the last one may be smaller), in
    /// the permuted order or, with `shuffled` false, in index order.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for a batch size below 1.
    public func batches(count: Int, batchSize: Int, epoch: Int, shuffled: Bool = true) throws -> [[Int]] {
        guard batchSize >= 1 else {
            throw DatasetsError.invalidValue(what: "batch size", value: "\(batchSize)", reason: "must be at least 1")
        }
        let order = shuffled ? permutation(count: count, epoch: epoch) : Array(0..<max(count, 0))
        return stride(from: 0, to: order.count, by: batchSize).map { Array(order[$0..<min($0 + batchSize, order.count)]) }
    }
}
