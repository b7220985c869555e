import Foundation
import Magnetogram
import NeuralCore
import Testing
@testable import Datasets

@Suite("Augmentation, epoch order and class weights")
struct AugmentationTests {
    /// A 3-wide, 2-high asymmetric image:
    ///     row 0: 1 2 3
    ///     row 1: 4 5 6
    let image: Tensor

    init() throws {
        image = try Tensor(shape: [1, 2, 3], scalars: [1, 2, 3, 4, 5, 6])
    }

    @Test func transformsByHand() throws {
        #expect(try AugmentationTransform.identity.applied(to: image).scalars == [1, 2, 3, 4, 5, 6])
        #expect(try AugmentationTransform.horizontalFlip.applied(to: image).scalars == [3, 2, 1, 6, 5, 4])
        #expect(try AugmentationTransform.verticalFlip.applied(to: image).scalars == [4, 5, 6, 1, 2, 3])
        #expect(try AugmentationTransform.rotation180.applied(to: image).scalars == [6, 5, 4, 3, 2, 1])
        // A quarter turn counter-clockwise with row 0 at the bottom (y up, FITS order): pixel
        // (x, y) goes to (H - 1 - y, x); the result is 2 wide and 3 high.
        let quarter = try AugmentationTransform.rotation90.applied(to: image)
        #expect(quarter.shape == [1, 3, 2])
        #expect(quarter.scalars == [4, 1, 5, 2, 6, 3])
        let threeQuarters = try AugmentationTransform.rotation270.applied(to: image)
        #expect(threeQuarters.shape == [1, 3, 2])
        #expect(threeQuarters.scalars == [3, 6, 2, 5, 1, 4])
    }

    @Test(arguments: AugmentationTransform.allCases)
    func transformsMatchMagnetogram(transform: AugmentationTransform) throws {
        let pixels = PreparationFixtures.pixels(width: 5, height: 4, seed: 11)
        let map = try PreparationFixtures.magnetogram(width: 5, height: 4, pixels: pixels)
        let reference: Magnetogram = switch transform {
        case .identity: map
        case .rotation90: try map.rotated(byDegrees: 90)
        case .rotation180: try map.rotated(byDegrees: 180)
        case .rotation270: try map.rotated(byDegrees: 270)
        case .horizontalFlip: map.flippedHorizontally()
        case .verticalFlip: map.flippedVertically()
        }
        let result = try transform.applied(to: Tensor(shape: [2, 4, 5], scalars: pixels + pixels.map { -$0 }))
        #expect(result.shape == [2, reference.height, reference.width])
        #expect(Array(result.scalars.prefix(20)) == reference.pixels)
        #expect(Array(result.scalars.suffix(20)) == reference.pixels.map { -$0 })
    }

    @Test func fourQuarterTurnsAreTheIdentity() throws {
        var x = try Tensor(shape: [1, 4, 4], scalars: PreparationFixtures.pixels(width: 4, height: 4, seed: 5))
        let original = x
        for _ in 0..<4 { x = try AugmentationTransform.rotation90.applied(to: x) }
        #expect(x == original)
        #expect(try AugmentationTransform.rotation270.applied(to: AugmentationTransform.rotation90.applied(to: original)) == original)
    }

    @Test func randomAugmentationIsSeededPerEpochAndSample() throws {
        let all = AugmentationTransform.allCases
        let augmentation = Augmentation.random(transforms: all, seed: 42)
        let epoch1 = (0..<200).map { augmentation.assignment(sample: $0, epoch: 1).transform }
        #expect(epoch1 == (0..<200).map { augmentation.assignment(sample: $0, epoch: 1).transform })
        let epoch2 = (0..<200).map { augmentation.assignment(sample: $0, epoch: 2).transform }
        #expect(epoch1 != epoch2)
        let otherSeed = (0..<200).map { Augmentation.random(transforms: all, seed: 43).assignment(sample: $0, epoch: 1).transform }
        #expect(epoch1 != otherSeed)
        // Every transform is drawn, none far from 1/6 of the time.
        for transform in all {
            let share = Double(epoch1.filter { $0 == transform }.count) / 200
            #expect(share > 0.05 && share < 0.35)
        }
        let flips: [AugmentationTransform] = [.horizontalFlip, .verticalFlip]
        let onlyFlips = Augmentation.random(transforms: flips, seed: 1)
        let drawn = Set((0..<50).map { onlyFlips.assignment(sample: $0, epoch: 3).transform })
        #expect(drawn == Set(flips))
    }

    @Test func batchesAreAugmentedTheSameWayWhateverTheBatching() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let preparation = try SamplePreparation(InputPreprocessing(geometry: .resize(width: 6, height: 6, method: .bilinear)))
        var items: [BatchItem] = []
        for index in 0..<6 {
            let path = folder.appendingPathComponent("m\(index).fits").path
            try PreparationFixtures.writeFITS(
                PreparationFixtures.pixels(width: 9, height: 7, seed: UInt64(index)), width: 9, height: 7, to: path)
            items.append(BatchItem(path: path, label: Float(index % 2)))
        }
        let augmentation = Augmentation.random(transforms: AugmentationTransform.allCases, seed: 9)
        let source = try MagnetogramBatchSource(items: items, preparation: preparation, augmentation: augmentation)
        let whole = try source.batch(Array(0..<6)).inputs
        for index in 0..<6 {
            let single = try source.batch([index]).inputs
            #expect(Array(whole.scalars[(index * 36)..<((index + 1) * 36)]) == single.scalars)
            // The sample is its prepared map under the drawn transform.
            let transform = augmentation.assignment(sample: index, epoch: 1).transform
            #expect(try source.assignment(of: index).transform == transform)
            let expected = try transform.applied(to: preparation.tensor(contentsOf: items[index].framePaths[0]))
            #expect(single.scalars == expected.scalars)
        }
        // The epoch hook changes the transforms; going back restores them.
        source.epochWillBegin(2)
        #expect(source.epoch == 2)
        let second = try source.batch(Array(0..<6)).inputs
        #expect(second != whole)
        source.epoch = 1
        #expect(try source.batch(Array(0..<6)).inputs == whole)
    }

    /// Mean squared error, enough to run `fit`.
    struct SquaredError: Loss {
        var name: String { "mse" }
        func valueAndGradient(predictions: Tensor, labels: Tensor) throws -> (value: Double, gradient: Tensor) {
            let n = Float(predictions.count)
            let differences = zip(predictions.scalars, labels.scalars).map { $0 - $1 }
            let value = differences.reduce(0) { $0 + Double($1 * $1) } / Double(n)
            return (value, try Tensor(shape: predictions.shape, scalars: differences.map { 2 * $0 / n }))
        }
    }

    /// Records the transform of sample 0 at each batch.
    final class TransformRecorder: TrainingCallback {
        let source: MagnetogramBatchSource
        var epochs: [Int] = []
        init(_ source: MagnetogramBatchSource) { self.source = source }
        func batchDidEnd(epoch: Int, batch: Int, loss: Double) { epochs.append(source.epoch) }
    }

    @Test func fitDrivesTheEpochOfASourceAmongItsCallbacks() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let preparation = try SamplePreparation(InputPreprocessing(scale: 1e-3, geometry: .resize(width: 4, height: 4, method: .bilinear)))
        var items: [BatchItem] = []
        for index in 0..<4 {
            let path = folder.appendingPathComponent("t\(index).fits").path
            try PreparationFixtures.writeFITS(
                PreparationFixtures.pixels(width: 5, height: 5, seed: 40 + UInt64(index)), width: 5, height: 5, to: path)
            items.append(BatchItem(path: path, label: Float(index % 2)))
        }
        let source = try MagnetogramBatchSource(
            items: items, preparation: preparation, augmentation: .random(transforms: AugmentationTransform.allCases, seed: 2))
        var generator = SeededGenerator(seed: 1)
        let model = try Sequential([Flatten(), Dense(inFeatures: 16, units: 1, generator: &generator)])
        var configuration = FitConfiguration(epochs: 3, batchSize: 2, seed: 1)
        configuration.progress = .silent
        let recorder = TransformRecorder(source)
        try fit(
            model: model, loss: SquaredError(), optimizer: try SGD(learningRate: 0.01), data: source,
            configuration: configuration, callbacks: [source, recorder])
        // Two batches per epoch, each drawn while the source knew the epoch.
        #expect(recorder.epochs == [1, 1, 2, 2, 3, 3])
        #expect(source.epoch == 3)
    }

    @Test func videoFramesShareTheirTransform() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let preparation = try SamplePreparation(InputPreprocessing(geometry: .resize(width: 5, height: 5, method: .bilinear)))
        var paths: [String] = []
        for index in 0..<3 {
            let path = folder.appendingPathComponent("f\(index).fits").path
            try PreparationFixtures.writeFITS(
                PreparationFixtures.pixels(width: 8, height: 6, seed: 20 + UInt64(index)), width: 8, height: 6, to: path)
            paths.append(path)
        }
        let items = (0..<8).map { BatchItem(framePaths: [paths[$0 % 3], paths[($0 + 1) % 3], paths[($0 + 2) % 3]], label: 1) }
        let augmentation = Augmentation.random(transforms: AugmentationTransform.allCases, seed: 5)
        let source = try VideoBatchSource(items: items, preparation: preparation, augmentation: augmentation)
        let x = try source.batch(Array(0..<8)).inputs
        #expect(x.shape == [8, 3, 1, 5, 5])
        let drawn = Set((0..<8).map { augmentation.assignment(sample: $0, epoch: 1).transform })
        #expect(drawn.count > 1)
        for sample in 0..<8 {
            let transform = augmentation.assignment(sample: sample, epoch: 1).transform
            for frame in 0..<3 {
                let expected = try transform.applied(to: preparation.tensor(contentsOf: items[sample].framePaths[frame]))
                let start = (sample * 3 + frame) * 25
                #expect(Array(x.scalars[start..<(start + 25)]) == expected.scalars)
            }
        }
    }

    @Test func expandedSetsHoldEveryTransformOfEveryItem() throws {
        let folder = try PreparationFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let preparation = try SamplePreparation(InputPreprocessing(geometry: .resize(width: 4, height: 4, method: .bilinear)))
        let paths = try (0..<2).map { index -> String in
            let path = folder.appendingPathComponent("e\(index).fits").path
            try PreparationFixtures.writeFITS(
                PreparationFixtures.pixels(width: 6, height: 5, seed: 30 + UInt64(index)), width: 6, height: 5, to: path)
            return path
        }
        let items = [BatchItem(path: paths[0], label: 0), BatchItem(path: paths[1], label: 1)]
        let transforms = AugmentationTransform.guastavino2022
        let source = try MagnetogramBatchSource(
            items: items, preparation: preparation, augmentation: .expanded(transforms: transforms))
        #expect(source.count == 10)
        let (x, y) = try source.batch(Array(0..<10))
        #expect(y.scalars == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
        for index in 0..<10 {
            let expected = try transforms[index % 5].applied(to: preparation.tensor(contentsOf: paths[index / 5]))
            #expect(Array(x.scalars[(index * 16)..<((index + 1) * 16)]) == expected.scalars)
        }
    }

    @Test func quarterTurnsNeedSquareInputs() throws {
        let wide = try SamplePreparation(InputPreprocessing(geometry: .resize(width: 8, height: 4, method: .bilinear)))
        #expect(throws: DatasetsError.self) {
            try MagnetogramBatchSource(
                items: [], preparation: wide, augmentation: .random(transforms: [.identity, .rotation90], seed: 0))
        }
        #expect(throws: DatasetsError.self) {
            try MagnetogramBatchSource(items: [], preparation: wide, augmentation: .random(transforms: [], seed: 0))
        }
        let fine = try MagnetogramBatchSource(
            items: [], preparation: wide, augmentation: .random(transforms: [.rotation180, .horizontalFlip], seed: 0))
        #expect(fine.count == 0)
    }

    @Test func epochOrderIsASeededPermutation() throws {
        let order = EpochOrder(seed: 8)
        let first = order.permutation(count: 50, epoch: 1)
        #expect(first.sorted() == Array(0..<50))
        #expect(first == EpochOrder(seed: 8).permutation(count: 50, epoch: 1))
        #expect(first != order.permutation(count: 50, epoch: 2))
        #expect(first != EpochOrder(seed: 9).permutation(count: 50, epoch: 1))
        let batches = try order.batches(count: 50, batchSize: 16, epoch: 1)
        #expect(batches.map(\.count) == [16, 16, 16, 2])
        #expect(batches.flatMap { $0 } == first)
        #expect(try order.batches(count: 5, batchSize: 2, epoch: 1, shuffled: false) == [[0, 1], [2, 3], [4]])
        #expect(throws: DatasetsError.self) { try order.batches(count: 5, batchSize: 0, epoch: 1) }
    }

    @Test func balancedClassWeightsFollowScikitLearn() throws {
        // n = 10, n_0 = 8, n_1 = 2: w_c = n / (2 n_c).
        let labels: [Float] = [0, 0, 1, 0, 0, 0, 1, 0, 0, 0]
        let weights = try ClassWeights.balanced(labels: labels)
        #expect(abs(weights.negative - 10.0 / 16.0) < 1e-7)
        #expect(abs(weights.positive - 10.0 / 4.0) < 1e-7)
        #expect(weights.values == [weights.negative, weights.positive])
        // Each class carries half the total weight.
        #expect(abs(8 * weights.negative - 2 * weights.positive) < 1e-6)
        #expect(try ClassWeights.balanced(labels: [Float]([1, 0])) == ClassWeights(negative: 1, positive: 1))
        #expect(try ClassWeights.balanced(labels: labels.map { Int($0) }) == weights)
        #expect(throws: DatasetsError.self) { try ClassWeights.balanced(labels: [Float]([0, 0])) }
        #expect(throws: DatasetsError.self) { try ClassWeights.balanced(labels: [Float]([0, 2])) }
        let custom = try ClassWeights(negative: 1, positive: 4.5)
        #expect(custom.weight(for: 1) == 4.5)
        #expect(custom.weight(for: 0) == 1)
        #expect(throws: DatasetsError.self) { try ClassWeights(negative: -1, positive: 1) }
    }
}
