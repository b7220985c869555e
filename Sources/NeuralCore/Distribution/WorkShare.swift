/// Which of `count` items a rank works on when `size` ranks share them: pure arithmetic, no
/// communication, so every rank computes its own share and the shares never overlap.
///
/// ```swift
/// WorkShare.roundRobin(count: 7, rank: 1, size: 3)    // [1, 4]
/// WorkShare.contiguous(count: 7, rank: 1, size: 3)    // 3..<5
/// ```
///
/// Use ``roundRobin(count:rank:size:)`` when items differ in cost in an orderly way (folds,
/// seeds, regions sorted by size) and ``contiguous(count:rank:size:)`` when a rank reads one
/// block of a file or buffer.
public enum WorkShare {
    /// The items `k` in `0..<count` with `k % size == rank`, ascending.
    ///
    /// Empty when `rank` is outside `0..<size`, `size < 1` or `count < 1`.
    public static func roundRobin(count: Int, rank: Int, size: Int) -> [Int] {
        guard size >= 1, (0..<size).contains(rank), count > rank else { return [] }
        return Array(stride(from: rank, to: count, by: size))
    }

    /// Rank `rank`'s block when `0..<count` is cut into `size` consecutive blocks whose lengths
    /// differ by at most one, the first `count % size` ranks taking the longer blocks.
    ///
    /// The blocks of ranks `0..<size` cover `0..<count` in order. An empty range when `rank` is
    /// outside `0..<size`, `size < 1` or `count < 1`.
    public static func contiguous(count: Int, rank: Int, size: Int) -> Range<Int> {
        let count = max(0, count)
        guard size >= 1, (0..<size).contains(rank) else { return count..<count }
        let (base, extra) = count.quotientAndRemainder(dividingBy: size)
        let start = rank * base + min(rank, extra)
        return start..<(start + base + (rank < extra ? 1 : 0))
    }
}
