import Foundation
import NeuralCore
import Testing

@testable import Interpretability

/// A hand-built network whose output depends only on the top-left 4 x 4 pixels: the occlusion
/// map is compared with one computed by hand, and the map, the saliency and Grad-CAM must all
/// point at that corner.
@Suite("Explanations of a hand-built corner network")
struct CornerModelTests {
    /// Values in [0.55, 1.45]: no max-pooling ties and logits away from 0.
    func input() throws -> Tensor {
        var generator = SeededGenerator(seed: 21)
        return try generator.uniformTensor(shape: [1, 1, 16, 16], low: 0.55, high: 1.45)
    }

    /// The occlusion map by hand: every placement's logit from the corner's pooled maxima.
    func expectedMeanChange(_ image: [Float], mask: Int, stride: Int, target: OcclusionTarget) -> [Float] {
        func measure(_ logit: Double) -> Double {
            target == .label ? (logit >= 0 ? 1 : 0) : Double(Float(1 / (1 + exp(-logit))))
        }
        let y0 = measure(Models.cornerLogit(image))
        var sums = [Double](repeating: 0, count: 256), counts = [Double](repeating: 0, count: 256)
        let offsets = OcclusionPlacements.offsets(extent: 16, maskSize: mask, stride: stride)
        for row in offsets {
            for column in offsets {
                var masked = image
                for y in row..<(row + mask) { for x in column..<(column + mask) { masked[y * 16 + x] = 0 } }
                let change = y0 - measure(Models.cornerLogit(masked))
                for y in row..<(row + mask) {
                    for x in column..<(column + mask) { sums[y * 16 + x] += change; counts[y * 16 + x] += 1 }
                }
            }
        }
        return zip(sums, counts).map { Float($0 / $1) }
    }

    @Test(arguments: [
        (OcclusionTarget.probability, OcclusionMethod.full, 3, 1), (.probability, .incremental, 3, 1),
        (.label, .full, 4, 3), (.label, .incremental, 4, 3), (.probability, .incremental, 5, 4),
    ])
    func occlusionMapMatchesTheHandComputation(target: OcclusionTarget, method: OcclusionMethod, mask: Int, stride: Int) throws {
        let x = try input()
        let configuration = OcclusionConfiguration(maskSize: mask, stride: stride, target: target, batchSize: 7, method: method)
        let result = try OcclusionAnalysis(network: try Models.cornerModel(), configuration: configuration).map(for: x)
        let expected = expectedMeanChange(x.scalars, mask: mask, stride: stride, target: target)
        let worst = zip(result.meanChange, expected).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-5, "worst difference \(worst)")
        #expect(!result.isAllZero)
        let p0 = 1 / (1 + exp(-Models.cornerLogit(x.scalars)))
        #expect(abs(Double(result.baseline) - (target == .label ? 1 : p0)) < 1e-6)
        // The peak lies over the corner, and pixels no mask over the corner reaches stay 0.
        let peak = result.map.peak
        #expect(peak.x < 4 && peak.y < 4, "peak at \(peak)")
        for y in 0..<16 {
            for x in 0..<16 where y >= 4 + mask - 1 || x >= 4 + mask - 1 {
                #expect(result.map[x, y] == 0)
            }
        }
        let region = result.map.highlightedRegion()
        #expect(region.enumerated().allSatisfy { !$0.element || ($0.offset % 16 < 4 + mask - 1 && $0.offset / 16 < 4 + mask - 1) })
    }

    @Test func saliencyIsTheGradientAtTheCornerMaxima() throws {
        let x = try input()
        let saliency = try Saliency(network: try Models.cornerModel()).map(for: x)
        let p = 1 / (1 + exp(-Models.cornerLogit(x.scalars)))
        // d p / d x = p (1 - p) at the maximum of each of the four corner pooling windows, 0 elsewhere.
        var expected = [Float](repeating: 0, count: 256)
        for (i, j) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            let window = [(2 * i) * 16 + 2 * j, (2 * i) * 16 + 2 * j + 1, (2 * i + 1) * 16 + 2 * j, (2 * i + 1) * 16 + 2 * j + 1]
            let best = window.max { x.scalars[$0] < x.scalars[$1] }!
            expected[best] = Float(p * (1 - p))
        }
        #expect(saliency.gradient.shape == [1, 1, 16, 16])
        #expect(zip(saliency.gradient.scalars, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(abs(Double(saliency.probability) - p) < 1e-6)
        let peak = saliency.map.peak
        #expect(peak.x < 4 && peak.y < 4)
        // The logit's gradient is the same map, scaled by 1 / (p (1 - p)).
        let logit = try Saliency(network: try Models.cornerModel(), target: .logit).map(for: x)
        #expect(zip(logit.gradient.scalars, expected).allSatisfy { abs($0 - ($1 == 0 ? 0 : 1)) < 1e-5 })
        #expect(zip(logit.map.values, saliency.map.values).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func gradCAMWeightsThePooledCorner() throws {
        let x = try input()
        let network = try Models.cornerModel()
        let gradCAM = try GradCAM(network: network)
        #expect(gradCAM.layer == "pool")   // the last spatial layer before flatten
        let result = try gradCAM.map(for: x)
        let p = 1 / (1 + exp(-Models.cornerLogit(x.scalars)))
        // d p / d A = p (1 - p) on the four corner cells of the 8 x 8 pooled map: mean 4 / 64 of it.
        #expect(abs(Double(result.channelWeights[0]) - p * (1 - p) * 4 / 64) < 1e-6)
        let pooled = try MaxPool2D(poolSize: 2).forward(x, mode: .inference)
        #expect(result.layerHeight == 8 && result.layerWidth == 8)
        #expect(zip(result.localization, pooled.scalars).allSatisfy { abs($0 - result.channelWeights[0] * $1) < 1e-6 })
        #expect(result.map.width == 16 && result.map.height == 16)
        #expect(throws: InterpretabilityError.self) { try GradCAM(network: network, layer: "nope") }
    }
}
