import Foundation
import NeuralCore
import Testing

@testable import Datasets

@Suite("Region splits")
struct SplitsTests {
    /// 10 flaring HARPs (1...10) and 20 nonflaring ones (101...120), 1 to 5 samples each, the
    /// samples in a shuffled order so indices and HARPs do not line up.
    func pool() throws -> (groups: RegionGroups, harpOfSample: [Int], flaring: Set<Int>) {
        var generator = SeededGenerator(seed: 99)
        var entries: [(harp: Int, flaring: Bool, hours: Double)] = []
        for harp in Array(1...10) + Array(101...120) {
            let count = 1 + Int(generator.next() % 5)
            for k in 0..<count { entries.append((harp, harp <= 10, Double(harp * 10 + k))) }
        }
        let shuffled = generator.permutation(entries.count).map { entries[$0] }
        let groups = try RegionGroups(
            harpNumbers: shuffled.map(\.harp), times: shuffled.map { LabelTimeline.at($0.hours) },
            isFlaring: shuffled.map(\.flaring))
        return (groups, shuffled.map(\.harp), Set(1...10))
    }

    /// Checks that a split covers every region and sample once, with no region in both parts.
    func expectPartition(_ split: TrainingValidationSplit, harpOfSample: [Int], allHARPs: [Int]) {
        let training = Set(split.training.harpNumbers)
        let validation = Set(split.validation.harpNumbers)
        #expect(training.isDisjoint(with: validation))
        #expect(training.union(validation) == Set(allHARPs))
        #expect(Set(split.training.sampleIndices).isDisjoint(with: split.validation.sampleIndices))
        #expect((split.training.sampleIndices + split.validation.sampleIndices).sorted() == Array(harpOfSample.indices))
        #expect(split.training.sampleIndices.allSatisfy { training.contains(harpOfSample[$0]) })
        #expect(split.validation.sampleIndices.allSatisfy { validation.contains(harpOfSample[$0]) })
        #expect(split.training.sampleIndices == split.training.sampleIndices.sorted())
    }

    @Test func repeatedSplitsKeepRegionsWholeAndStratify() throws {
        let (groups, harpOfSample, flaring) = try pool()
        let splits = try RepeatedRegionSplit(parts: 3, repetitions: 10, seed: 42).splits(groups)
        #expect(splits.count == 10)
        for split in splits {
            expectPartition(split, harpOfSample: harpOfSample, allHARPs: groups.harpNumbers)
            // ceil(10 / 3) flaring and ceil(20 / 3) nonflaring regions validate.
            #expect(split.validation.harpNumbers.filter(flaring.contains).count == 4)
            #expect(split.validation.harpNumbers.filter { !flaring.contains($0) }.count == 7)
        }
        #expect(Set(splits.map(\.validation.harpNumbers)).count > 1)
        #expect(Set(splits.map(\.seed)).count == 10)
        // A round reruns alone from its recorded seed.
        let scheme = RepeatedRegionSplit(parts: 3, repetitions: 10, seed: 42)
        #expect(try scheme.split(groups, round: 3, seed: splits[3].seed) == splits[3])
    }

    @Test func sameSeedSameSplitsDifferentSeedDifferent() throws {
        let (groups, _, _) = try pool()
        let a = try RepeatedRegionSplit(seed: 1).splits(groups)
        let b = try RepeatedRegionSplit(seed: 1).splits(groups)
        let c = try RepeatedRegionSplit(seed: 2).splits(groups)
        #expect(a == b)
        #expect(a.map(\.validation) != c.map(\.validation))
        #expect(try GroupedKFold(folds: 4, seed: 1).splits(groups) == GroupedKFold(folds: 4, seed: 1).splits(groups))
        #expect(try GroupedKFold(folds: 4, seed: 1).splits(groups) != GroupedKFold(folds: 4, seed: 2).splits(groups))
    }

    @Test func kFoldValidatesEveryRegionExactlyOnce() throws {
        let (groups, harpOfSample, flaring) = try pool()
        let folds = try GroupedKFold(folds: 3, seed: 8).splits(groups)
        #expect(folds.count == 3)
        #expect(folds.map(\.round) == [0, 1, 2])
        for fold in folds { expectPartition(fold, harpOfSample: harpOfSample, allHARPs: groups.harpNumbers) }
        let validated = folds.flatMap(\.validation.harpNumbers)
        #expect(validated.sorted() == groups.harpNumbers)
        #expect(folds.flatMap(\.validation.sampleIndices).sorted() == Array(harpOfSample.indices))
        let flaringPerFold = folds.map { $0.validation.harpNumbers.filter(flaring.contains).count }
        let regionsPerFold = folds.map(\.validation.harpNumbers.count)
        #expect(flaringPerFold.max()! - flaringPerFold.min()! <= 1)
        #expect(regionsPerFold.max()! - regionsPerFold.min()! <= 1)
    }

    @Test func tooFewRegionsForThePartsIsATypedError() throws {
        let groups = try RegionGroups(
            harpNumbers: [1, 2, 3, 4, 5], times: Array(repeating: LabelTimeline.at(0), count: 5),
            isFlaring: [true, true, false, false, false])
        #expect(throws: DatasetsError.self) { try RepeatedRegionSplit(parts: 3, seed: 1).splits(groups) }
        #expect(throws: DatasetsError.self) { try GroupedKFold(folds: 3, seed: 1).splits(groups) }
        #expect(throws: DatasetsError.self) { try GroupedKFold(folds: 1, seed: 1).splits(groups) }
        #expect(throws: DatasetsError.self) { try RepeatedRegionSplit(parts: 2, repetitions: 0, seed: 1).splits(groups) }
        #expect(try GroupedKFold(folds: 2, seed: 1).splits(groups).count == 2)
    }

    @Test func groupsRejectInconsistentInput() {
        #expect(throws: DatasetsError.self) {
            try RegionGroups(harpNumbers: [1, 1], times: [LabelTimeline.at(0), LabelTimeline.at(1)], isFlaring: [true, false])
        }
        #expect(throws: DatasetsError.self) {
            try RegionGroups(harpNumbers: [1, 2], times: [LabelTimeline.at(0)], isFlaring: [true, false])
        }
    }

    @Test func chronologicalSplitCutsAtTheEndOfSeptember2015() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let cut = try #require(calendar.date(from: DateComponents(year: 2015, month: 10, day: 1)))
        #expect(ChronologicalSplit().cut == cut)

        let hour: TimeInterval = 3600
        // HARP 1 before, 2 after, 3 straddles (first before), 4 starts exactly at the cut.
        let samples: [(Int, Date)] = [
            (1, cut.addingTimeInterval(-100 * hour)), (1, cut.addingTimeInterval(-50 * hour)),
            (2, cut.addingTimeInterval(10 * hour)), (3, cut.addingTimeInterval(-1 * hour)),
            (3, cut.addingTimeInterval(5 * hour)), (2, cut.addingTimeInterval(20 * hour)), (4, cut),
        ]
        let groups = try RegionGroups(
            harpNumbers: samples.map(\.0), times: samples.map(\.1), isFlaring: samples.map { $0.0 == 3 })

        let byFirst = ChronologicalSplit().split(groups)
        #expect(byFirst.beforeCut.harpNumbers == [1, 3])
        #expect(byFirst.beforeCut.sampleIndices == [0, 1, 3, 4])
        #expect(byFirst.afterCut.harpNumbers == [2, 4])
        #expect(byFirst.afterCut.sampleIndices == [2, 5, 6])
        #expect(byFirst.straddling == [3])
        #expect(byFirst.excluded.isEmpty)

        let byLast = ChronologicalSplit(straddlingRule: .lastObservation).split(groups)
        #expect(byLast.beforeCut.harpNumbers == [1])
        #expect(byLast.afterCut.harpNumbers == [2, 3, 4])

        let excluding = ChronologicalSplit(straddlingRule: .exclude).split(groups)
        #expect(excluding.beforeCut.harpNumbers == [1])
        #expect(excluding.afterCut.harpNumbers == [2, 4])
        #expect(excluding.excluded == [3])
    }

    @Test func theTrainingPartOfAChronologicalSplitSplitsFurther() throws {
        let (groups, harpOfSample, _) = try pool()
        // HARP h's first sample is at hour 10 x h: a cut at 1100 h leaves HARPs 1...10 and
        // 101...109 before it.
        let cut = LabelTimeline.at(1100)
        let parts = ChronologicalSplit(cut: cut).split(groups)
        let before = groups.restricted(to: parts.beforeCut.harpNumbers)
        #expect(before.harpNumbers == Array(1...10) + Array(101...109))
        #expect(before.harpNumbers == parts.beforeCut.harpNumbers)
        let split = try RepeatedRegionSplit(parts: 2, repetitions: 1, seed: 3).splits(before)[0]
        #expect(Set(split.training.harpNumbers + split.validation.harpNumbers) == Set(parts.beforeCut.harpNumbers))
        #expect((split.training.sampleIndices + split.validation.sampleIndices).sorted() == parts.beforeCut.sampleIndices)
        #expect(split.training.sampleIndices.allSatisfy { parts.beforeCut.harpNumbers.contains(harpOfSample[$0]) })
    }
}
