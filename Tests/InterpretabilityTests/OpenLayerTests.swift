import NeuralCore
import Testing

@testable import Interpretability

/// A valid average pool over square windows, written here with NeuralCore's public API only.
/// It adopts the protocols through which NeuralCore and Interpretability see a layer, and
/// nothing outside this file knows it.
final class AveragePool2D: Layer, SpatiallyLocalLayer, InferenceDifferentiable {
    let size: Int
    let stride: Int
    private var cachedInputShape: [Int]?

    init(size: Int, stride: Int) {
        self.size = size
        self.stride = stride
    }

    var kind: String { "average_pooling2d" }

    func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 4 else {
            throw NeuralCoreError.rankMismatch(operation: "AveragePool2D input (NCHW)", expected: 4, actual: inputShape)
        }
        guard inputShape[2] >= size, inputShape[3] >= size else {
            throw NeuralCoreError.invalidShape(inputShape, reason: "AveragePool2D needs a plane of at least \(size) x \(size)")
        }
        return [inputShape[0], inputShape[1], (inputShape[2] - size) / stride + 1, (inputShape[3] - size) / stride + 1]
    }

    /// Calls `body(plane, output index, input index)` for every input value of every window.
    private func forEachWindowValue(_ inputShape: [Int], _ body: (Int, Int) -> Void) throws {
        let shape = try outputShape(for: inputShape)
        let (height, width, outputHeight, outputWidth) = (inputShape[2], inputShape[3], shape[2], shape[3])
        for plane in 0..<(shape[0] * shape[1]) {
            for oy in 0..<outputHeight {
                for ox in 0..<outputWidth {
                    let output = (plane * outputHeight + oy) * outputWidth + ox
                    for dy in 0..<size {
                        for dx in 0..<size {
                            body(output, (plane * height + oy * stride + dy) * width + ox * stride + dx)
                        }
                    }
                }
            }
        }
    }

    func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let shape = try outputShape(for: input.shape)
        var output = [Float](repeating: 0, count: shape.reduce(1, *))
        let x = input.scalars, weight = 1 / Float(size * size)
        try forEachWindowValue(input.shape) { o, i in output[o] += weight * x[i] }
        cachedInputShape = mode == .training ? input.shape : nil
        return try Tensor(shape: shape, scalars: output)
    }

    func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let shape = cachedInputShape else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        try outputGradient.expectShape(try outputShape(for: shape), in: "AveragePool2D backward")
        var gradient = [Float](repeating: 0, count: shape.reduce(1, *))
        let dy = outputGradient.scalars, weight = 1 / Float(size * size)
        try forEachWindowValue(shape) { o, i in gradient[i] += weight * dy[o] }
        return try Tensor(shape: shape, scalars: gradient)
    }

    /// One multiply-add (by 1 / size^2) per value of every window.
    func multiplyAdds(inputShape: [Int]) throws -> Int {
        try outputShape(for: inputShape).reduce(1, *) * size * size
    }

    func spatialDependence() throws -> SpatialDependence {
        .slidingWindow(SlidingWindow(
            kernelHeight: size, kernelWidth: size, strideHeight: stride, strideWidth: stride, padding: .valid, padValue: 0,
            validCopy: AveragePool2D(size: size, stride: stride)))
    }
}

/// A learnable factor per channel (NeuralCore's "Writing a Layer" example), which a
/// convolution right before it absorbs at inference; it counts its own forward passes.
final class ChannelScale: Layer, ChannelAffineAtInference, SpatiallyLocalLayer, InferenceDifferentiable {
    let scale: Parameter
    private var cachedInput: Tensor?
    private(set) var forwardPasses = 0

    init(factors: [Float]) throws {
        scale = Parameter(try Tensor(shape: [factors.count], scalars: factors))
    }

    var kind: String { "channel_scale" }
    var parameters: [(name: String, parameter: Parameter)] { [("scale", scale)] }

    func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 4, inputShape[1] == scale.value.count else {
            throw NeuralCoreError.shapeMismatch(
                operation: "ChannelScale input", expected: [inputShape.first ?? 0, scale.value.count, 0, 0], actual: inputShape)
        }
        return inputShape
    }

    func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        _ = try outputShape(for: input.shape)
        forwardPasses += 1
        let plane = input.shape[2] * input.shape[3], channels = input.shape[1]
        let output = input.scalars.enumerated().map { $0.element * scale.value[flat: ($0.offset / plane) % channels] }
        cachedInput = mode == .training ? input : nil
        return try Tensor(shape: input.shape, scalars: output)
    }

    func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let input = cachedInput else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        try outputGradient.expectShape(input.shape, in: "ChannelScale backward")
        let plane = input.shape[2] * input.shape[3], channels = input.shape[1]
        var inputGradient = outputGradient.scalars
        for i in inputGradient.indices {
            let c = (i / plane) % channels
            scale.gradient[flat: c] += outputGradient[flat: i] * input[flat: i]
            inputGradient[i] *= scale.value[flat: c]
        }
        return try Tensor(shape: input.shape, scalars: inputGradient)
    }

    var inferenceChannelAffine: ChannelAffineMap {
        ChannelAffineMap(scale: scale.value.scalars, shift: [Float](repeating: 0, count: scale.value.count))
    }

    func spatialDependence() throws -> SpatialDependence { .pointwise }
}

/// Keras's hard sigmoid, `clip(x / 6 + 1/2, 0, 1)`: an output layer that turns logits into
/// probabilities, declared as such; the same in both modes, so the default pullback holds.
final class HardSigmoid: Layer, LogitToProbability, InferenceDifferentiable {
    private var input: Tensor?
    var kind: String { "hard_sigmoid" }
    var parameters: [(name: String, parameter: Parameter)] { [] }
    func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
    func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        self.input = input
        return input.map { min(max($0 / 6 + 0.5, 0), 1) }
    }
    func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let input else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        return try outputGradient.combined(with: input) { g, x in abs(x) < 3 ? g / 6 : 0 }
    }
}

/// Layers defined only in this file work everywhere: in a `Sequential` (forward, backward,
/// gradients, inference fusion), in the summary and the compute cost, in the incremental
/// occlusion and in saliency and Grad-CAM.
@Suite("A layer defined outside NeuralCore works everywhere")
struct OpenLayerTests {
    /// conv1 (absorbs scale1 at inference), tanh, a 3 x 3 stride-1 average pool, conv2
    /// straight into a 2 x 2 average pool, tanh, global pooling, dense, sigmoid.
    func network(seed: UInt64) throws -> Sequential {
        var g = SeededGenerator(seed: seed)
        let dense = try Dense(inFeatures: 3, units: 1, generator: &g)
        dense.kernel.value = try Tensor(shape: [3, 1], scalars: [4, -3, 5])
        return try Sequential([
            ("conv1", Conv2D(.init(inChannels: 1, filters: 4, kernelSize: 3, padding: .same), generator: &g)),
            ("scale1", ChannelScale(factors: [1.5, -0.5, 0.8, 2])),
            ("act1", Tanh()),
            ("avg1", AveragePool2D(size: 3, stride: 1)),
            ("conv2", Conv2D(.init(inChannels: 4, filters: 3, kernelSize: 3, padding: .same), generator: &g)),
            ("avg2", AveragePool2D(size: 2, stride: 2)),
            ("act2", Tanh()),
            ("gap", GlobalAveragePool2D()),
            ("dense", dense),
            ("sigmoid", Sigmoid()),
        ])
    }

    @Test func trainsInASequential() throws {
        let model = try network(seed: 1)
        let results = try GradientCheck.check(layer: model, inputShape: [2, 1, 9, 10], seed: 2)
        #expect(results.count == 8)   // input, conv1 (2), scale1, conv2 (2), dense (2)
        for result in results { #expect(result.passed, "\(result)") }
    }

    @Test func fusesIntoTheConvolutionBeforeIt() throws {
        let model = try network(seed: 3)
        let scale = try #require(model.layers[1].layer as? ChannelScale)
        var g = SeededGenerator(seed: 4)
        let x = try g.normalTensor(shape: [2, 1, 9, 10])
        let fused = try model.forward(x, mode: .inference)
        #expect(scale.forwardPasses == 0, "conv1 absorbs scale1")
        model.fusesInference = false
        let separate = try model.forward(x, mode: .inference)
        #expect(scale.forwardPasses == 1)
        #expect(fused.maximumAbsoluteDifference(separate) <= 1e-6)
    }

    @Test func countsInTheSummaryAndTheComputeCost() throws {
        let model = try network(seed: 5)
        let summary = try model.summary(inputShape: [1, 1, 9, 10])
        #expect(summary.contains("avg1 (average_pooling2d)"))
        #expect(summary.contains("(None, 4, 7, 8)"))
        #expect(summary.contains("scale1 (channel_scale)"))
        #expect(summary.contains("Total params: \(model.parameterCount)"))
        let conv1 = 4 * 9 * 10 * (1 * 3 * 3), avg1 = 4 * 7 * 8 * (3 * 3)
        let conv2 = 3 * 7 * 8 * (4 * 3 * 3), avg2 = 3 * 3 * 4 * (2 * 2), dense = 3
        #expect(try model.multiplyAdds(inputShape: [1, 1, 9, 10]) == conv1 + avg1 + conv2 + avg2 + dense)
    }

    @Test(arguments: [(6, 1), (8, 3)])
    func incrementalOcclusionEqualsTheFullRecomputation(mask: Int, stride: Int) throws {
        let network = try network(seed: 6)
        var g = SeededGenerator(seed: 7)
        let input = try g.normalTensor(shape: [1, 1, 24, 26], scale: 2)
        let (difference, spread, layers) = try IncrementalOcclusionTests().compare(network, input: input, mask: mask, stride: stride)
        #expect(layers == ["conv1", "scale1", "act1", "avg1", "conv2", "avg2", "act2"])
        #expect(difference <= 1e-5, "largest difference \(difference)")
        #expect(spread > 1e-3, "the masks must change the output for the comparison to mean something (\(spread))")
    }

    @Test func saliencyMatchesFiniteDifferences() throws {
        var g = SeededGenerator(seed: 9)
        _ = try GradientTests().expectSaliencyMatchesFiniteDifferences(network(seed: 8), at: g.normalTensor(shape: [1, 1, 9, 10]))
    }

    @Test func aLogitTargetStopsBeforeAnyProbabilityLayer() throws {
        var g = SeededGenerator(seed: 12)
        let dense = try Dense(inFeatures: 4, units: 1, generator: &g)
        let logits = try Sequential([("flatten", Flatten()), ("dense", dense)])
        let squashed = try Sequential([("flatten", Flatten()), ("dense", dense), ("hard", HardSigmoid())])
        let input = try g.normalTensor(shape: [1, 1, 2, 2])
        let expected = try Saliency(network: logits, target: .probability).gradient(for: input).gradient
        let logit = try Saliency(network: squashed, target: .logit).gradient(for: input).gradient
        #expect(logit.maximumAbsoluteDifference(expected) <= 1e-7)
        #expect(expected.scalars.contains { abs($0) > 1e-3 })
        #expect(logit.maximumAbsoluteDifference(try Saliency(network: squashed).gradient(for: input).gradient) > 1e-3,
                "the probability target goes through the hard sigmoid")
    }

    @Test func gradCAMWeightsMatchFiniteDifferences() throws {
        let network = try network(seed: 10)
        var g = SeededGenerator(seed: 11)
        let input = try g.normalTensor(shape: [1, 1, 9, 10])
        let result = try GradCAM(network: network, layer: "avg1").map(for: input)
        // w_c is the mean over positions of d p / d A_c: the derivative of p along the
        // channel's all-ones direction, divided by the plane.
        let split = try #require(network.layers.firstIndex { $0.name == "avg1" })
        let head = try Sequential(network.layers[...split].map { ($0.name, $0.layer) })
        let tail = try Sequential(network.layers[(split + 1)...].map { ($0.name, $0.layer) })
        let activation = try head.forward(input, mode: .inference)
        #expect(activation.shape == [1, 4, 7, 8] && result.channelWeights.count == 4)
        let plane = 7 * 8, step: Float = 1e-3
        for channel in 0..<4 {
            func shifted(_ amount: Float) throws -> Double {
                let values = activation.scalars.enumerated().map { $0.offset / plane == channel ? $0.element + amount : $0.element }
                return try GradientTests().probability(tail, try Tensor(shape: activation.shape, scalars: values))
            }
            let numeric = (try shifted(step) - (try shifted(-step))) / Double(2 * step) / Double(plane)
            #expect(abs(Double(result.channelWeights[channel]) - numeric) <= 1e-2 * max(abs(numeric), 1e-3),
                    "channel \(channel): \(result.channelWeights[channel]) against \(numeric)")
        }
    }
}
