import Testing
@testable import NeuralCore

/// Inference fusion (convolution + BatchNorm + max pool in one pass) against the layers run
/// one by one.
@Suite("Inference fusion")
struct InferenceFusionTests {
    func randomizeNormalisation(_ model: any Layer, _ g: inout SeededGenerator) throws {
        for (_, layer) in model.namedLayers() {
            guard let norm = layer as? BatchNorm else { continue }
            let n = norm.features
            norm.gamma.value = try g.uniformTensor(shape: [n], low: 0.5, high: 1.5)
            norm.beta.value = try g.uniformTensor(shape: [n], low: -0.3, high: 0.3)
            norm.movingMean.value = try g.uniformTensor(shape: [n], low: -0.3, high: 0.3)
            norm.movingVariance.value = try g.uniformTensor(shape: [n], low: 0.5, high: 2)
        }
    }

    func expectFusedEqualsUnfused(_ model: Sequential, inputShape: [Int], seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        try randomizeNormalisation(model, &g)
        let x = try g.uniformTensor(shape: inputShape, low: -1, high: 1)
        let fused = try model.forward(x, mode: .inference)
        for (_, layer) in model.namedLayers() { (layer as? Sequential)?.fusesInference = false }
        let separate = try model.forward(x, mode: .inference)
        #expect(fused.shape == separate.shape)
        #expect(fused.scalars.filter { $0 != 0 }.count > fused.count / 4, "the comparison needs non-trivial outputs")
        #expect(fused.maximumAbsoluteDifference(separate) <= 1e-5, "\(fused.maximumAbsoluteDifference(separate))")
    }

    @Test func convolutionPoolWithFusedActivation() throws {
        var g = SeededGenerator(seed: 1)
        // 36x36 outputs: the banded path; pools of 3 and 2 leave unused rows at the bottom.
        let model = try Sequential([
            ("conv1", Conv2D(.init(inChannels: 1, filters: 4, kernelSize: 5, padding: .same,
                                   activation: .leakyReLU(slope: 0.3)), generator: &g)),
            ("pool1", MaxPool2D(poolSize: 3)),
            ("bn", BatchNorm(features: 4)),
            ("conv2", Conv2D(.init(inChannels: 4, filters: 3, kernelSize: 3, padding: .same,
                                   activation: .relu), generator: &g)),
            ("pool2", MaxPool2D(poolSize: 2)),
        ])
        (model.layers[0].layer as! Conv2D).budget.bandFloats = 1   // several bands per image
        try expectFusedEqualsUnfused(model, inputShape: [3, 1, 37, 38], seed: 2)
    }

    @Test func convolutionNormalisationPool() throws {
        var g = SeededGenerator(seed: 3)
        // The LRCN's block: valid stride-2 convolution, BatchNorm with ReLU, 2x2 stride-1 pool
        // (overlapping: pooled separately after the folded convolution).
        let model = try Sequential([
            ("conv", Conv2D(.init(inChannels: 2, filters: 3, kernelSize: 5, stride: 2), generator: &g)),
            ("bn", BatchNorm(features: 3, activation: .relu)),
            ("pool", MaxPool2D(poolSize: 2, stride: 1)),
            ("conv2", Conv2D(.init(inChannels: 3, filters: 2, kernelSize: 3), generator: &g)),
            ("bn2", BatchNorm(features: 2)),
            ("pool2", MaxPool2D(poolSize: 2)),
        ])
        try expectFusedEqualsUnfused(model, inputShape: [4, 2, 41, 41], seed: 4)
    }

    @Test func thePlanIsMadeOnceAndFollowsAppendedLayers() throws {
        var g = SeededGenerator(seed: 5)
        let model = try Sequential([("conv", Conv2D(.init(inChannels: 1, filters: 2, kernelSize: 3), generator: &g))])
        let x = try g.uniformTensor(shape: [2, 1, 12, 12], low: -1, high: 1)
        _ = try model.forward(x, mode: .inference)
        #expect(model.inferencePlan?.count == 1)
        try model.append(BatchNorm(features: 2, activation: .relu), name: "bn")
        try model.append(MaxPool2D(poolSize: 2), name: "pool")
        #expect(model.inferencePlan == nil)
        try expectFusedEqualsUnfused(model, inputShape: [2, 1, 12, 12], seed: 6)
        // The convolution absorbs both: one pass.
        model.fusesInference = true
        _ = try model.forward(x, mode: .inference)
        #expect(model.inferencePlan?.count == 1)
    }
}
