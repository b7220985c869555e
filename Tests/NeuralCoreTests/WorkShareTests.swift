import NeuralCore
import Testing

@Suite("Work sharing between ranks")
struct WorkShareTests {
    @Test func roundRobinDealsItemsLikeCards() {
        #expect(WorkShare.roundRobin(count: 7, rank: 0, size: 3) == [0, 3, 6])
        #expect(WorkShare.roundRobin(count: 7, rank: 1, size: 3) == [1, 4])
        #expect(WorkShare.roundRobin(count: 7, rank: 2, size: 3) == [2, 5])
        #expect(WorkShare.roundRobin(count: 2, rank: 2, size: 3) == [])
        #expect(WorkShare.roundRobin(count: 5, rank: 0, size: 1) == [0, 1, 2, 3, 4])
    }

    @Test func contiguousGivesTheFirstRanksTheLongerBlocks() {
        #expect((0..<3).map { WorkShare.contiguous(count: 7, rank: $0, size: 3) } == [0..<3, 3..<5, 5..<7])
        #expect((0..<4).map { WorkShare.contiguous(count: 2, rank: $0, size: 4) } == [0..<1, 1..<2, 2..<2, 2..<2])
        #expect(WorkShare.contiguous(count: 6, rank: 0, size: 1) == 0..<6)
    }

    /// Every item goes to exactly one rank, for every count and number of ranks.
    @Test(arguments: 1...6) func sharesPartitionTheItems(size: Int) {
        for count in 0...25 {
            let dealt = (0..<size).map { WorkShare.roundRobin(count: count, rank: $0, size: size) }
            #expect(dealt.joined().sorted() == Array(0..<count), "round robin, \(count) items")
            for (rank, items) in dealt.enumerated() {
                #expect(items.allSatisfy { $0 % size == rank }, "round robin, rank \(rank) of \(size), \(count) items")
            }

            let blocks = (0..<size).map { WorkShare.contiguous(count: count, rank: $0, size: size) }
            #expect(blocks.flatMap { Array($0) } == Array(0..<count), "blocks, \(count) items over \(size)")
            let lengths = blocks.map(\.count)
            #expect(lengths.max()! - lengths.min()! <= 1, "blocks \(lengths)")
            #expect(lengths == lengths.sorted(by: >), "the longer blocks first: \(lengths)")
        }
    }

    @Test func ranksOutsideTheGroupGetNothing() {
        #expect(WorkShare.roundRobin(count: 9, rank: 3, size: 3) == [])
        #expect(WorkShare.roundRobin(count: 9, rank: -1, size: 3) == [])
        #expect(WorkShare.roundRobin(count: 9, rank: 0, size: 0) == [])
        #expect(WorkShare.contiguous(count: 9, rank: 3, size: 3).isEmpty)
        #expect(WorkShare.contiguous(count: 9, rank: 0, size: 0).isEmpty)
        #expect(WorkShare.contiguous(count: -4, rank: 0, size: 2) == 0..<0)
    }
}
