import Testing
@testable import NeuralCore

/// Finite-difference checks of every layer: the input gradient and every trainable
/// parameter gradient, in training mode, through the one shared `GradientCheck` helper.
@Suite("Gradient checks")
struct GradientCheckTests {
    struct ConvCase: CustomTestStringConvertible, Sendable {
        var kernel: (Int, Int), stride: (Int, Int), padding: Padding, input: [Int], filters: Int, bias: Bool
        var testDescription: String {
            "\(kernel.0)x\(kernel.1) stride \(stride.0)x\(stride.1) \(padding) input \(input) bias \(bias)"
        }
    }

    static let convCases: [ConvCase] = [
        .init(kernel: (3, 3), stride: (1, 1), padding: .same, input: [2, 2, 6, 6], filters: 3, bias: true),
        .init(kernel: (3, 3), stride: (1, 1), padding: .valid, input: [2, 2, 6, 5], filters: 3, bias: true),
        .init(kernel: (3, 3), stride: (2, 2), padding: .same, input: [2, 2, 7, 7], filters: 2, bias: true),
        .init(kernel: (4, 4), stride: (2, 2), padding: .same, input: [1, 2, 6, 6], filters: 2, bias: true),
        .init(kernel: (5, 5), stride: (2, 2), padding: .valid, input: [2, 1, 9, 8], filters: 3, bias: true),
        .init(kernel: (7, 7), stride: (1, 1), padding: .same, input: [1, 1, 5, 5], filters: 2, bias: false),
        .init(kernel: (2, 3), stride: (2, 1), padding: .same, input: [2, 2, 5, 6], filters: 2, bias: true),
        .init(kernel: (1, 1), stride: (1, 1), padding: .valid, input: [2, 3, 3, 3], filters: 2, bias: true),
    ]

    @Test("Conv2D", arguments: convCases, [false, true])
    func conv2D(_ c: ConvCase, oneImagePerChunk: Bool) throws {
        var generator = SeededGenerator(seed: 11)
        let conv = try Conv2D(
            .init(inChannels: c.input[1], filters: c.filters, kernelHeight: c.kernel.0, kernelWidth: c.kernel.1,
                  strideHeight: c.stride.0, strideWidth: c.stride.1, padding: c.padding, useBias: c.bias),
            generator: &generator)
        if oneImagePerChunk { conv.budget.maximumColumnFloats = 1 }
        if let bias = conv.bias { bias.value = try generator.uniformTensor(shape: bias.value.shape, low: -1, high: 1) }
        expectGradientsMatch(try GradientCheck.check(layer: conv, inputShape: c.input, seed: 3), "Conv2D \(c.testDescription)")
    }

    @Test("Conv2D with a fused activation", arguments: [PointwiseActivation.relu, .leakyReLU(slope: 0.3)])
    func conv2DFusedActivation(_ activation: PointwiseActivation) throws {
        var generator = SeededGenerator(seed: 12)
        let conv = try Conv2D(
            .init(inChannels: 2, filters: 3, kernelSize: 3, padding: .same, activation: activation), generator: &generator)
        // A small step: the kinks sit wherever a pre-activation crosses 0.
        expectGradientsMatch(
            try GradientCheck.check(layer: conv, inputShape: [2, 2, 5, 5], seed: 3, step: 1e-3), "Conv2D \(activation)")
    }

    @Test func conv2DStrideTwoOnWideRows() throws {
        // Rows wide enough for the SIMD stride-2 gather in im2col.
        var generator = SeededGenerator(seed: 14)
        let conv = try Conv2D(.init(inChannels: 1, filters: 2, kernelSize: 3, stride: 2), generator: &generator)
        expectGradientsMatch(try GradientCheck.check(layer: conv, inputShape: [2, 1, 5, 41], seed: 5), "Conv2D stride 2 wide")
    }

    @Test func conv2DLargePlanesMultiplyImageByImage() throws {
        // 32x32 outputs (1024 values per plane) take the direct per-image product path. No
        // activation: with 2048 pre-activations some would sit within a step of the kink (the
        // fused activation's derivative is shared by both paths and checked above).
        var generator = SeededGenerator(seed: 13)
        let conv = try Conv2D(.init(inChannels: 1, filters: 2, kernelSize: 3, padding: .same), generator: &generator)
        expectGradientsMatch(
            try GradientCheck.check(layer: conv, inputShape: [1, 1, 32, 32], seed: 4), "Conv2D 32x32")
        // The same in bands of three output rows (the last band shorter).
        conv.budget.bandFloats = 1
        conv.budget.minimumBandColumns = 96
        expectGradientsMatch(
            try GradientCheck.check(layer: conv, inputShape: [1, 1, 32, 32], seed: 4), "Conv2D 32x32 in bands")
    }

    struct PoolCase: Sendable, CustomTestStringConvertible {
        var window: Int, stride: Int, padding: Padding, input: [Int]
        var testDescription: String { "\(window)x\(window) stride \(stride) \(padding) input \(input)" }
    }

    static let poolCases: [PoolCase] = [
        .init(window: 2, stride: 2, padding: .valid, input: [2, 2, 6, 6]),
        .init(window: 2, stride: 2, padding: .valid, input: [1, 2, 7, 5]),
        .init(window: 3, stride: 3, padding: .valid, input: [2, 1, 10, 10]),
        .init(window: 3, stride: 1, padding: .same, input: [2, 2, 5, 5]),
        .init(window: 2, stride: 1, padding: .valid, input: [1, 2, 5, 4]),
        .init(window: 3, stride: 2, padding: .same, input: [1, 2, 6, 7]),
        .init(window: 2, stride: 3, padding: .valid, input: [1, 1, 8, 8]),
    ]

    @Test("MaxPool2D", arguments: poolCases)
    func maxPool(_ c: PoolCase) throws {
        let pool = try MaxPool2D(poolSize: c.window, stride: c.stride, padding: c.padding)
        let input = try distinctValues(shape: c.input, seed: 5)
        expectGradientsMatch(try GradientCheck.check(layer: pool, input: input, seed: 4), "MaxPool2D \(c.testDescription)")
    }

    @Test func globalAveragePool() throws {
        expectGradientsMatch(
            try GradientCheck.check(layer: GlobalAveragePool2D(), inputShape: [2, 3, 4, 5], seed: 1), "GlobalAveragePool2D")
    }

    @Test func dense() throws {
        var generator = SeededGenerator(seed: 2)
        let dense = try Dense(inFeatures: 7, units: 4, generator: &generator)
        dense.bias!.value = try generator.uniformTensor(shape: [4], low: -1, high: 1)
        expectGradientsMatch(try GradientCheck.check(layer: dense, inputShape: [3, 7], seed: 2), "Dense")
    }

    @Test("BatchNorm", arguments: [[4, 3, 3, 3], [6, 5], [3, 2, 4]])
    func batchNorm(shape: [Int]) throws {
        var generator = SeededGenerator(seed: 9)
        let norm = try BatchNorm(features: shape[1])
        norm.gamma.value = try generator.uniformTensor(shape: [shape[1]], low: 0.5, high: 1.5)
        norm.beta.value = try generator.uniformTensor(shape: [shape[1]], low: -0.5, high: 0.5)
        expectGradientsMatch(try GradientCheck.check(layer: norm, inputShape: shape, seed: 6), "BatchNorm \(shape)")
    }

    @Test func activations() throws {
        let input = try awayFromZero(shape: [2, 3, 4], seed: 8)
        let layers: [any Layer] = [ReLU(), LeakyReLU(slope: 0.3), LeakyReLU(slope: 0.2), Identity(), Sigmoid(), Tanh()]
        for layer in layers {
            expectGradientsMatch(try GradientCheck.check(layer: layer, input: input, seed: 7), layer.kind)
        }
    }

    @Test func dropout() throws {
        let dropout = try Dropout(rate: 0.4, seed: 99)
        expectGradientsMatch(try GradientCheck.check(layer: dropout, inputShape: [4, 10], seed: 1), "Dropout")
    }

    @Test func flatten() throws {
        expectGradientsMatch(try GradientCheck.check(layer: Flatten(), inputShape: [2, 2, 3, 2], seed: 1), "Flatten")
    }

    @Test func sequentialStack() throws {
        var g = SeededGenerator(seed: 21)
        let model = try Sequential([
            ("conv1", Conv2D(.init(inChannels: 1, filters: 3, kernelSize: 3, padding: .same), generator: &g)),
            ("bn1", BatchNorm(features: 3)),
            ("act1", Tanh()),
            ("pool1", MaxPool2D(poolSize: 2)),
            ("flatten", Flatten()),
            ("dense1", Dense(inFeatures: 27, units: 4, generator: &g)),
            ("drop", Dropout(rate: 0.25, generator: &g)),
            ("dense2", Dense(inFeatures: 4, units: 1, generator: &g)),
            ("out", Sigmoid()),
        ])
        // Step 3e-3 here and in the LRCN stack: with 1e-2 one step crosses a near-tie inside a pooling window of the
        // convolution's output, where the function has a kink.
        expectGradientsMatch(
            try GradientCheck.check(layer: model, inputShape: [3, 1, 6, 6], seed: 2, step: 3e-3), "Sequential")
    }

    @Test func inceptionBranches() throws {
        var g = SeededGenerator(seed: 31)
        func branch(_ k: Int) throws -> any Layer {
            try Sequential([
                ("conv", Conv2D(.init(inChannels: 2, filters: 2, kernelSize: k, padding: .same), generator: &g)),
                ("act", Tanh()),
            ])
        }
        let inception = try ConcatenatedBranches([
            ("conv3", branch(3)), ("conv5", branch(5)), ("conv7", branch(7)),
            ("pool", MaxPool2D(poolSize: 3, stride: 1, padding: .same)),
        ])
        #expect(try inception.outputShape(for: [2, 2, 5, 5]) == [2, 8, 5, 5])
        let input = try distinctValues(shape: [2, 2, 5, 5], seed: 3)
        expectGradientsMatch(try GradientCheck.check(layer: inception, input: input, seed: 2), "ConcatenatedBranches")
    }

    @Test func timeDistributed() throws {
        var g = SeededGenerator(seed: 41)
        let frame = try Sequential([
            ("conv1", Conv2D(.init(inChannels: 1, filters: 2, kernelSize: 3, stride: 2, padding: .valid), generator: &g)),
            ("bn1", BatchNorm(features: 2)),
            ("act1", Tanh()),
            ("flatten", Flatten()),
            ("dense", Dense(inFeatures: 8, units: 3, generator: &g)),
        ])
        let distributed = TimeDistributed(frame)
        #expect(try distributed.outputShape(for: [2, 3, 1, 5, 5]) == [2, 3, 3])
        #expect(distributed.namedParameters().map(\.name).contains("conv1.kernel"))
        expectGradientsMatch(try GradientCheck.check(layer: distributed, inputShape: [2, 3, 1, 5, 5], seed: 5), "TimeDistributed")
    }

    @Test("LSTM", arguments: [(2, 4, 3, 5), (3, 1, 2, 3), (1, 6, 4, 2)])
    func lstm(batch: Int, steps: Int, features: Int, units: Int) throws {
        var g = SeededGenerator(seed: 51)
        let lstm = try LSTM(inFeatures: features, units: units, generator: &g)
        lstm.bias.value = try g.uniformTensor(shape: [4 * units], low: -0.5, high: 0.5)
        expectGradientsMatch(
            try GradientCheck.check(layer: lstm, inputShape: [batch, steps, features], seed: 9),
            "LSTM \(batch)x\(steps)x\(features) -> \(units)")
    }

    @Test func lrcnShapedStack() throws {
        var g = SeededGenerator(seed: 61)
        let frame = try Sequential([
            ("conv1", Conv2D(.init(inChannels: 1, filters: 2, kernelSize: 3, stride: 2, kernelL2: 1e-2), generator: &g)),
            ("bn1", BatchNorm(features: 2)),
            ("act1", Tanh()),
            ("pool1", MaxPool2D(poolSize: 2, stride: 1)),
            ("flatten", Flatten()),
            ("dense", Dense(inFeatures: 8, units: 4, generator: &g)),
            ("act2", Tanh()),
        ])
        let model = try Sequential([
            ("frames", TimeDistributed(frame)),
            ("lstm", LSTM(inFeatures: 4, units: 3, generator: &g)),
            ("drop", Dropout(rate: 0.5, generator: &g)),
            ("dense", Dense(inFeatures: 3, units: 1, generator: &g)),
        ])
        let input = try distinctValues(shape: [2, 3, 1, 7, 7], seed: 4)
        expectGradientsMatch(try GradientCheck.check(layer: model, input: input, seed: 3, step: 3e-3), "LRCN-shaped stack")
    }

    @Test func checkerCatchesAWrongGradient() throws {
        // A layer whose backward is off by a factor must fail the check.
        final class Doubling: Layer {
            var cached = false
            func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
            func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
                cached = true
                var y = input; y.scale(by: 2); return y
            }
            func backward(_ outputGradient: Tensor) throws -> Tensor {
                var g = outputGradient; g.scale(by: 2.1); return g
            }
        }
        let results = try GradientCheck.check(layer: Doubling(), inputShape: [2, 3], seed: 1)
        #expect(results.count == 1)
        #expect(!results[0].passed)
    }
}
