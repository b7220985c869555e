import Datasets
import Foundation
import Testing

@testable import Pipelines

@Suite("Nested region splits and training choices")
struct NestedRegionSplitsTests {
    /// 30 regions (10 flaring) of 5 samples each.
    private static var samples: [LabeledSample] {
        let start = Date(timeIntervalSince1970: 1_300_000_000)
        return (0..<30).flatMap { region in
            (0..<5).map { k in
                let observation = SHARPObservation(
                    harpNumber: 100 + region, time: start.addingTimeInterval(Double(region * 86_400 + k * 3600)),
                    path: "/none/\(region)-\(k).fits", width: 8, height: 8)
                return LabeledSample(observation: observation, isFlaringRegion: region < 10, sampleClass: region < 10 ? .M : .NO1)
            }
        }
    }

    @Test func testRegionsAreTheOuterPartAndNoRegionIsInTwoSets() throws {
        let samples = Self.samples
        let scheme = NestedRegionSplits(parts: 3, repetitions: 4, innerParts: 3, seed: 9)
        let splits = try scheme.splits(samples)
        let outer = try RepeatedRegionSplit(parts: 3, repetitions: 4, seed: 9).splits(RegionGroups(samples: samples))
        #expect(splits.count == 4)
        for (split, round) in zip(splits, outer) {
            #expect(split.test == round.validation.sampleIndices)
            let regions = [split.training, split.validation, split.test].map { Set($0.map { samples[$0].harpNumber }) }
            #expect(regions[0].isDisjoint(with: regions[1]) && regions[0].isDisjoint(with: regions[2]) && regions[1].isDisjoint(with: regions[2]))
            #expect(Set(split.training + split.validation + split.test) == Set(samples.indices))
            // Both classes in every set.
            for set in [split.training, split.validation, split.test] {
                #expect(Set(set.map { samples[$0].isFlaringRegion }) == [true, false])
            }
        }
        #expect(try scheme.splits(samples) == splits)   // seeded
        // Without the inner split the held-out part validates (the paper's setup).
        let paper = try NestedRegionSplits(parts: 3, repetitions: 1, innerParts: nil, seed: 9).splits(samples)[0]
        #expect(paper.test.isEmpty && paper.validation == outer[0].validation.sampleIndices)
        // Too many inner parts for the flaring regions of a training part: a typed error.
        #expect(throws: PipelinesError.self) { try NestedRegionSplits(parts: 3, repetitions: 1, innerParts: 8, seed: 9).splits(samples) }
    }

    @Test func lossNamesParseAndTheClassRatioIsUsed() throws {
        #expect(TrainingLoss(name: "wbce") == .weightedCrossEntropy(positiveWeight: nil))
        #expect(TrainingLoss(name: "wbce:2.5") == .weightedCrossEntropy(positiveWeight: 2.5))
        #expect(TrainingLoss(name: "sol-tss") == .scoreOriented(.trueSkillStatistic, .uniform))
        #expect(TrainingLoss(name: "cnn1") == .cnn1Custom)
        #expect(TrainingLoss(name: "wbce:-1") == nil && TrainingLoss(name: "mse") == nil && TrainingLoss(name: "sol-nope") == nil)
        #expect(throws: PipelinesError.self) {
            var c = BhattacharjeeConfiguration()
            c.loss = .weightedCrossEntropy(positiveWeight: 0)
            try c.validate()
        }
    }

    @Test func sizesTheNetworksCannotTakeAreRefusedBeforeTraining() throws {
        var lrcn = GuastavinoConfiguration()
        lrcn.frameSize = 32            // four stride-2 convolutions and pools leave nothing
        lrcn.video = VideoSpecification(frameCount: 2, cadence: 3600)
        #expect(throws: PipelinesError.self) { try lrcn.validate() }
        lrcn.architecture.filters = [4, 4]
        lrcn.architecture.kernelSizes = [5, 3]
        try lrcn.validate()            // two blocks fit 32 x 32
        var cnn = BhattacharjeeConfiguration()
        cnn.inputSize = 8
        #expect(throws: PipelinesError.self) { try cnn.validate() }
    }
}
