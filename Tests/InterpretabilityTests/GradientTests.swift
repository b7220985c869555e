import Architectures
import NeuralCore
import Testing

@testable import Interpretability

@Suite("Saliency and Grad-CAM")
struct GradientTests {
    /// The network's inference-mode probability, for finite differences.
    func probability(_ network: Sequential, _ x: Tensor) throws -> Double {
        Double(try network.forward(x, mode: .inference).scalars[0])
    }

    /// Checks the saliency gradient of `network` at `input` against central differences of
    /// the inference network, and returns it with the probability.
    func expectSaliencyMatchesFiniteDifferences(_ network: Sequential, at input: Tensor) throws -> (gradient: Tensor, probability: Float) {
        let (gradient, p) = try Saliency(network: network).gradient(for: input)
        #expect(abs(Double(p) - (try probability(network, input))) < 1e-6)
        let check = try GradientCheck.compare(
            name: "saliency", function: { try probability(network, $0) }, at: input, analytic: gradient,
            step: 1e-3, tolerance: 2e-2)
        #expect(check.passed, "\(check)")
        #expect(check.maximumNumeric > 1e-4)
        return (gradient, p)
    }

    @Test func saliencyMatchesFiniteDifferencesOfTheInferenceNetwork() throws {
        // BatchNorm with moving statistics and fused activations, a stride-2 convolution,
        // branches with a nested chain, global pooling, dense and dropout.
        let network = try Models.mixedNetwork(seed: 71)
        let input = try Models.normalInput(height: 7, width: 9, seed: 72, scale: 1.5)
        let (gradient, p) = try expectSaliencyMatchesFiniteDifferences(network, at: input)
        // The logit target: the same gradient divided by p (1 - p).
        let logit = try Saliency(network: network, target: .logit).gradient(for: input)
        #expect(zip(logit.gradient.scalars, gradient.scalars).allSatisfy { abs($0 * p * (1 - p) - $1) < 1e-6 })
    }

    @Test func saliencyOfCNN1MatchesFiniteDifferences() throws {
        let model = try Models.paperModel("cnn1", inputSize: 8, seed: 73)
        let input = try Models.normalInput(height: 8, width: 8, seed: 74)
        let (gradient, _) = try Saliency(model: model).gradient(for: input)
        let check = try GradientCheck.compare(
            name: "cnn1 saliency", function: { try probability(model.network, $0) }, at: input, analytic: gradient,
            step: 1e-3, tolerance: 2e-2)
        #expect(check.passed, "\(check)")
    }

    @Test func explainingLeavesTheModelAsItWas() throws {
        let model = try Models.paperModel("cnn2", inputSize: 32, seed: 75)
        let input = try Models.normalInput(height: 32, width: 32, seed: 76)
        // Gradients already accumulated and a first convolution that skips its input gradient.
        var generator = SeededGenerator(seed: 77)
        for (_, parameter) in model.namedParameters() {
            parameter.gradient = try generator.normalTensor(shape: parameter.value.shape)
        }
        let conv1 = try #require(model.network.layers.first { $0.name == "conv1" }?.layer as? Conv2D)
        conv1.computesInputGradient = false
        let before = model.namedParameters().map { ($0.parameter.value, $0.parameter.gradient) }
        let output = try model.forward(input, mode: .inference)
        let saliency = try Saliency(model: model).gradient(for: input)
        _ = try GradCAM(model: model).map(for: input)
        let after = model.namedParameters().map { ($0.parameter.value, $0.parameter.gradient) }
        #expect(zip(before, after).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 })
        #expect(conv1.computesInputGradient == false)
        #expect(try model.forward(input, mode: .inference) == output)
        #expect(saliency.gradient.scalars.contains { $0 != 0 })
    }

    @Test func gradCAMOfCNN2WeighsChannelsByTheDenseLayer() throws {
        let model = try Models.paperModel("cnn2", inputSize: 64, seed: 78)
        let input = try Models.normalInput(height: 64, width: 64, seed: 79, scale: 2)
        let gradCAM = try GradCAM(model: model)
        #expect(gradCAM.layer == "inception2")
        let result = try gradCAM.map(for: input)
        // inception2 -> global average (2 x 2) -> dense -> sigmoid: w_c = p (1 - p) W_c / 4.
        let dense = try #require(model.network.layers.first { $0.name == "dense" }?.layer as? Dense)
        let p = result.probability
        #expect(result.channelWeights.count == 256 && result.layerHeight == 2 && result.layerWidth == 2)
        for c in 0..<256 {
            #expect(abs(result.channelWeights[c] - p * (1 - p) * dense.kernel.value[flat: c] / 4) < 1e-6)
        }
        // The localisation from the activation computed independently.
        var x = input
        for (name, layer) in model.network.layers {
            x = try layer.forward(x, mode: .inference)
            if name == "inception2" { break }
        }
        for i in 0..<4 {
            var sum: Float = 0
            for c in 0..<256 { sum += result.channelWeights[c] * x.scalars[c * 4 + i] }
            #expect(abs(result.localization[i] - max(0, sum)) < 1e-5)
        }
        #expect(result.map.width == 64 && result.map.height == 64)
        #expect(result.map.values.allSatisfy { $0 >= 0 && $0 <= 1 })
        // The earlier inception module can be chosen too.
        #expect(try GradCAM(model: model, layer: "inception1").map(for: input).channelWeights.count == 160)
    }

    @Test func unsupportedLayersAreTypedErrors() throws {
        var generator = SeededGenerator(seed: 80)
        var lrcn = LRCNConfiguration()
        lrcn.frames = 2
        let video = try FlareModel(.lrcn(lrcn), generator: &generator)
        #expect(throws: InterpretabilityError.self) {
            try Saliency(model: video).gradient(for: try Tensor(shape: [1, 1, 32, 32]))
        }
        let noSigmoid = try Sequential([("flatten", Flatten()), ("dense", Dense(inFeatures: 4, units: 1, generator: &generator))])
        #expect(throws: InterpretabilityError.self) {
            try Saliency(network: noSigmoid, target: .logit).gradient(for: try Tensor(shape: [1, 1, 2, 2]))
        }
    }
}
