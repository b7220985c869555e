import Architectures
import NeuralCore
import Testing

@testable import Interpretability

/// The incremental occlusion must give the probabilities of the full recomputation (to 1e-5),
/// on the papers' CNNs at small sizes with random weights and on a non-square network with
/// every supported kind of layer.
@Suite("Incremental occlusion equals the full recomputation")
struct IncrementalOcclusionTests {
    /// Both methods' masked probabilities, their largest difference, and the largest change.
    func compare(_ network: Sequential, input: Tensor, mask: Int, stride: Int) throws -> (difference: Float, spread: Float, layers: [String]) {
        var configuration = OcclusionConfiguration(maskSize: mask, stride: stride, target: .probability, batchSize: 9)
        configuration.method = .full
        let full = try OcclusionAnalysis(network: network, configuration: configuration).maskedProbabilities(for: input)
        configuration.method = .incremental
        let analysis = OcclusionAnalysis(network: network, configuration: configuration)
        let incremental = try analysis.maskedProbabilities(for: input)
        let placements = try analysis.placements(for: input)
        let layers = try IncrementalOcclusion(network: network, input: input, placements: placements, fillValue: 0).incrementalLayers
        #expect(full.masked.count == placements.count && incremental.masked.count == placements.count)
        var difference = abs(full.baseline - incremental.baseline)
        var spread: Float = 0
        for (a, b) in zip(full.masked, incremental.masked) {
            difference = max(difference, abs(a - b))
            spread = max(spread, abs(a - full.baseline))
        }
        return (difference, spread, layers)
    }

    @Test(arguments: [(16, 5, 1), (32, 8, 5), (32, 8, 4), (32, 9, 1)])
    func cnn1(size: Int, mask: Int, stride: Int) throws {
        let model = try Models.paperModel("cnn1", inputSize: size, seed: 11)
        let input = try Models.normalInput(height: size, width: size, seed: 12, scale: 2)
        let (difference, spread, layers) = try compare(model.network, input: input, mask: mask, stride: stride)
        #expect(difference <= 1e-5, "largest difference \(difference)")
        #expect(spread > 1e-3, "the masks must change the output for the comparison to mean something (\(spread))")
        #expect(layers.starts(with: ["bn1", "conv1", "pool1"]))
    }

    @Test(arguments: [(32, 10, 1), (64, 20, 7), (64, 20, 4), (64, 16, 3), (64, 30, 11)])
    func cnn2(size: Int, mask: Int, stride: Int) throws {
        let model = try Models.paperModel("cnn2", inputSize: size, seed: 31)
        let input = try Models.normalInput(height: size, width: size, seed: 32, scale: 2)
        let (difference, spread, layers) = try compare(model.network, input: input, mask: mask, stride: stride)
        #expect(difference <= 1e-5, "largest difference \(difference)")
        #expect(spread > 1e-3, "the masks must change the output for the comparison to mean something (\(spread))")
        #expect(layers.starts(with: ["bn1", "conv1", "pool1", "bn2", "conv2"]))
        if size == 64 { #expect(layers.contains("inception1")) }
    }

    @Test(arguments: [(3, 1), (5, 2), (4, 5)])
    func nonSquareMixedNetwork(mask: Int, stride: Int) throws {
        let network = try Models.mixedNetwork(seed: 41)
        let input = try Models.normalInput(height: 13, width: 22, seed: 42, scale: 2)
        let (difference, spread, layers) = try compare(network, input: input, mask: mask, stride: stride)
        #expect(difference <= 1e-5, "largest difference \(difference)")
        #expect(spread > 1e-3)
        #expect(layers.contains("mixed"))
    }

    @Test func mapsAgreeInProbabilityMode() throws {
        let model = try Models.paperModel("cnn2", inputSize: 64, seed: 51)
        let input = try Models.normalInput(height: 64, width: 64, seed: 52, scale: 2)
        var configuration = OcclusionConfiguration(maskSize: 24, stride: 6, target: .probability, method: .full)
        let full = try OcclusionAnalysis(model: model, configuration: configuration).map(for: input)
        configuration.method = .incremental
        let incremental = try OcclusionAnalysis(model: model, configuration: configuration).map(for: input)
        #expect(zip(full.meanChange, incremental.meanChange).allSatisfy { abs($0 - $1) <= 1e-5 })
        #expect(full.placementCount == 8 * 8)
    }

    @Test func placementsOverTheFillValueChangeNothing() throws {
        let model = try Models.paperModel("cnn1", inputSize: 16, seed: 61)
        var input = try Models.normalInput(height: 16, width: 16, seed: 62)
        // The left 6 columns are already zero (as off-disk pixels are after NaN filling).
        for y in 0..<16 { for x in 0..<6 { input[0, 0, y, x] = 0 } }
        let configuration = OcclusionConfiguration(maskSize: 4, stride: 1, target: .probability)
        let result = try OcclusionAnalysis(model: model, configuration: configuration).map(for: input)
        // Columns 0, 1, 2 (left corners 0...2) in every row: 13 rows of placements.
        #expect(result.unchangedPlacementCount == 3 * 13)
        for y in 0..<16 { for x in 0..<3 { #expect(result.meanChange[y * 16 + x] == 0) } }
    }

    @Test func anInputTheNetworkIgnoresGivesAnAllZeroMap() throws {
        // The corner network never sees the masks placed away from the corner.
        var input = try Tensor(shape: [1, 1, 16, 16], repeating: 1)
        for y in 0..<4 { for x in 0..<4 { input[0, 0, y, x] = 0 } }   // the corner is already masked
        for method in OcclusionMethod.allCases {
            let configuration = OcclusionConfiguration(maskSize: 4, stride: 2, target: .probability, method: method)
            let result = try OcclusionAnalysis(network: try Models.cornerModel(), configuration: configuration).map(for: input)
            #expect(result.isAllZero)
            #expect(result.map.values.allSatisfy { $0 == 0 })
        }
    }

    @Test func badInputsAreTypedErrors() throws {
        let analysis = OcclusionAnalysis(network: try Models.cornerModel(), configuration: .init(maskSize: 20))
        #expect(throws: InterpretabilityError.self) { try analysis.map(for: try Tensor(shape: [1, 1, 16, 16])) }
        #expect(throws: InterpretabilityError.self) { try analysis.map(for: try Tensor(shape: [2, 1, 16, 16])) }
        let zeroStride = OcclusionAnalysis(network: try Models.cornerModel(), configuration: .init(maskSize: 4, stride: 0))
        #expect(throws: InterpretabilityError.self) { try zeroStride.map(for: try Tensor(shape: [1, 1, 16, 16])) }
    }
}
