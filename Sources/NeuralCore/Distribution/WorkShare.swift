/// How work is shared out among ranks: pure arithmetic, the same on every rank.
///
/// ```swift
/// WorkShare.roundRobin(count: 10, rank: 1, size: 3)    // [1, 4, 7]: folds trained by rank 1
/// WorkShare.contiguous(count: 10, rank: 1, size: 3)    // 4..<7: rank 1's samples of a batch
/// ```
public enum WorkShare {
    /// The items `k` of `0..<count` with `k % size == rank` (independent pieces such as folds).
    public static func roundRobin(count: Int, rank: Int, size: Int) -> [Int] {
        guard size >= 1, rank >= 0, rank < size, count > 0 else { return [] }
        return Array(stride(from: rank, to: count, by: size))
    }

    /// Rank `rank`'s block of `0..<count` cut into `size` contiguous blocks whose lengths differ
    /// by at most one, the longer ones first (the samples of a global batch). Blocks in rank
    /// order cover `0..<count` in order; a block is empty when there are more ranks than items.
    public static func contiguous(count: Int, rank: Int, size: Int) -> Range<Int> {
        guard size >= 1, rank >= 0, rank < size, count > 0 else { return 0..<0 }
        let base = count / size, extra = count % size
        let start = rank * base + min(rank, extra)
        return start..<(start + base + (rank < extra ? 1 : 0))
    }
}
