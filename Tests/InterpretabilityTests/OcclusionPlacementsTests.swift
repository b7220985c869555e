import NeuralCore
import Testing

@testable import Interpretability

@Suite("Occlusion placements and accumulation")
struct OcclusionPlacementsTests {
    @Test func offsetsByHand() {
        // Steps land on N - M: no extra.
        #expect(OcclusionPlacements.offsets(extent: 10, maskSize: 4, stride: 3) == [0, 3, 6])
        #expect(OcclusionPlacements.offsets(extent: 10, maskSize: 4, stride: 2) == [0, 2, 4, 6])
        // Steps miss N - M = 6: it is added.
        #expect(OcclusionPlacements.offsets(extent: 10, maskSize: 4, stride: 4) == [0, 4, 6])
        #expect(OcclusionPlacements.offsets(extent: 10, maskSize: 4, stride: 5) == [0, 5, 6])
        #expect(OcclusionPlacements.offsets(extent: 10, maskSize: 4, stride: 100) == [0, 6])
        #expect(OcclusionPlacements.offsets(extent: 10, maskSize: 10, stride: 1) == [0])
        #expect(OcclusionPlacements.offsets(extent: 10, maskSize: 4, stride: 1) == [0, 1, 2, 3, 4, 5, 6])
        // The paper's setting: 157 positions per axis.
        let paper = OcclusionPlacements.offsets(extent: 256, maskSize: 100, stride: 1)
        #expect(paper.count == 157 && paper.first == 0 && paper.last == 156)
    }

    @Test func nonSquareInputsHaveTheirOwnRowsAndColumns() throws {
        let placements = try OcclusionPlacements(height: 7, width: 12, maskSize: 3, stride: 3)
        #expect(placements.rows == [0, 3, 4])
        #expect(placements.columns == [0, 3, 6, 9])
        #expect(placements.count == 12)
        #expect(placements[5] == (3, 3))
    }

    @Test func badMasksAndStridesAreTypedErrors() {
        #expect(throws: InterpretabilityError.self) { try OcclusionPlacements(height: 8, width: 6, maskSize: 7, stride: 1) }
        #expect(throws: InterpretabilityError.self) { try OcclusionPlacements(height: 8, width: 8, maskSize: 0, stride: 1) }
        #expect(throws: InterpretabilityError.self) { try OcclusionPlacements(height: 8, width: 8, maskSize: 3, stride: 0) }
    }

    @Test(arguments: [(9, 11, 4, 3), (10, 10, 4, 4), (6, 5, 5, 2), (8, 8, 1, 1)])
    func accumulatorMatchesBruteForce(height: Int, width: Int, mask: Int, stride: Int) throws {
        let placements = try OcclusionPlacements(height: height, width: width, maskSize: mask, stride: stride)
        var generator = SeededGenerator(seed: 5)
        var accumulator = OcclusionAccumulator(height: height, width: width)
        var sums = [Double](repeating: 0, count: height * width), counts = [Int](repeating: 0, count: height * width)
        for index in 0..<placements.count {
            let (row, column) = placements[index]
            let change = Double(generator.nextUniform(in: -1, 1))
            accumulator.add(change, row: row, column: column, size: mask)
            for y in row..<(row + mask) {
                for x in column..<(column + mask) {
                    sums[y * width + x] += change
                    counts[y * width + x] += 1
                }
            }
        }
        // Every pixel is masked at least once, and the counts agree.
        #expect(counts.allSatisfy { $0 >= 1 })
        #expect(accumulator.coverage() == counts)
        let average = accumulator.average()
        for i in 0..<(height * width) {
            #expect(abs(Double(average[i]) - sums[i] / Double(counts[i])) < 1e-6)
        }
    }
}
