import Testing
@testable import NeuralCore

@Suite("Conv2D")
struct Conv2DTests {
    /// A 1-channel 3x3 input 1...9 and a 2x2 kernel of ones, so each output is a window sum.
    func windowSumLayer(padding: Padding, stride: Int = 1, kernelSize: Int = 2) throws -> Conv2D {
        var generator = SeededGenerator(seed: 0)
        let conv = try Conv2D(
            .init(inChannels: 1, filters: 1, kernelSize: kernelSize, stride: stride, padding: padding), generator: &generator)
        conv.kernel.value = try Tensor(shape: [1, 1, kernelSize, kernelSize], repeating: 1)
        return conv
    }

    @Test func samePaddingPutsTheExtraRowAndColumnAtTheBottomRight() throws {
        let conv = try windowSumLayer(padding: .same)
        let x = try Tensor(shape: [1, 1, 3, 3], scalars: (1...9).map(Float.init))
        let y = try conv.forward(x, mode: .inference)
        #expect(y.shape == [1, 1, 3, 3])
        // Keras pads 2x2 "same" with one zero row/column after the image.
        #expect(y.scalars == [12, 16, 9, 24, 28, 15, 15, 17, 9])
    }

    @Test func validPaddingKeepsOnlyFullWindows() throws {
        let conv = try windowSumLayer(padding: .valid)
        let x = try Tensor(shape: [1, 1, 3, 3], scalars: (1...9).map(Float.init))
        let y = try conv.forward(x, mode: .inference)
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.scalars == [12, 16, 24, 28])
    }

    @Test func strideTwoSamePaddingOnAnEvenInput() throws {
        // 4x4 input, 3x3 kernel, stride 2, same: output 2x2, total padding 1, all of it
        // after the image, so the windows start at rows/columns 0 and 2.
        let conv = try windowSumLayer(padding: .same, stride: 2, kernelSize: 3)
        let x = try Tensor(shape: [1, 1, 4, 4], scalars: (1...16).map(Float.init))
        let y = try conv.forward(x, mode: .inference)
        #expect(y.shape == [1, 1, 2, 2])
        // Windows: rows 0-2 x cols 0-2 = 54; rows 0-2 x cols 2-3 = 3+4+7+8+11+12 = 45;
        // rows 2-3 x cols 0-2 = 9+10+11+13+14+15 = 72; rows 2-3 x cols 2-3 = 11+12+15+16 = 54.
        #expect(y.scalars == [54, 45, 72, 54])
    }

    @Test func biasIsAddedPerFilter() throws {
        var generator = SeededGenerator(seed: 0)
        let conv = try Conv2D(.init(inChannels: 1, filters: 2, kernelSize: 1), generator: &generator)
        conv.kernel.value = try Tensor(shape: [2, 1, 1, 1], scalars: [1, -2])
        conv.bias!.value = try Tensor(shape: [2], scalars: [0.5, 3])
        let y = try conv.forward(try Tensor(shape: [1, 1, 1, 2], scalars: [1, 2]), mode: .inference)
        #expect(y.scalars == [1.5, 2.5, 1, -1])
    }

    @Test("Output shapes", arguments: [
        // (input, kernel, stride, padding, expected output)
        (128, 3, 1, Padding.same, 128), (256, 7, 1, .same, 256), (128, 7, 2, .valid, 61),
        (60, 5, 2, .valid, 28), (27, 3, 2, .valid, 13), (12, 3, 2, .valid, 5), (85, 3, 1, .same, 85),
        (7, 3, 2, .same, 4), (5, 5, 1, .valid, 1),
    ])
    func outputShape(input: Int, kernel: Int, stride: Int, padding: Padding, expected: Int) throws {
        var generator = SeededGenerator(seed: 0)
        let conv = try Conv2D(
            .init(inChannels: 2, filters: 3, kernelSize: kernel, stride: stride, padding: padding), generator: &generator)
        #expect(try conv.outputShape(for: [4, 2, input, input]) == [4, 3, expected, expected])
    }

    @Test("Matches a direct convolution", arguments: [false, true])
    func matchesReference(oneImagePerChunk: Bool) throws {
        var generator = SeededGenerator(seed: 7)
        for (kernel, stride, padding) in [(3, 1, Padding.same), (5, 2, .valid), (4, 3, .same), (7, 2, .same), (3, 1, .valid), (5, 2, .same)] {
            let conv = try Conv2D(
                .init(inChannels: 3, filters: 4, kernelSize: kernel, stride: stride, padding: padding), generator: &generator)
            if oneImagePerChunk {
                conv.budget.maximumColumnFloats = 1
                conv.budget.bandFloats = 1          // and bands of a few output rows in the direct path
                conv.budget.minimumBandColumns = 50
            }
            conv.bias!.value = try generator.uniformTensor(shape: [4], low: -1, high: 1)
            // 36x34 inputs: planes above 256 for stride 1 (the per-image product path), rows long
            // enough for the SIMD stride-2 gather; 11x9: the chunked product path.
            for (height, width) in [(36, 34), (11, 9)] {
            let x = try generator.uniformTensor(shape: [3, 3, height, width], low: -1, high: 1)
            let y = try conv.forward(x, mode: .inference)
            let expected = ConvolutionForward.reference(
                input: x, kernel: conv.kernel.value, bias: conv.bias!.value,
                strideHeight: stride, strideWidth: stride, padding: padding)
            #expect(y.shape == expected.shape)
            #expect(y.maximumAbsoluteDifference(expected) < 1e-5, "kernel \(kernel) stride \(stride) \(padding)")
            }
        }
    }

    @Test func wrongInputThrowsWithTheShapes() throws {
        var generator = SeededGenerator(seed: 0)
        let conv = try Conv2D(.init(inChannels: 2, filters: 3, kernelSize: 3), generator: &generator)
        #expect(throws: NeuralCoreError.shapeMismatch(
            operation: "Conv2D input channels", expected: [1, 2, 8, 8], actual: [1, 1, 8, 8])) {
            try conv.forward(try Tensor(shape: [1, 1, 8, 8]), mode: .inference)
        }
        #expect(throws: NeuralCoreError.self) { try conv.forward(try Tensor(shape: [1, 2, 8]), mode: .inference) }
        #expect(throws: NeuralCoreError.self) { try conv.forward(try Tensor(shape: [1, 2, 2, 2]), mode: .inference) }
        #expect(throws: NeuralCoreError.backwardWithoutForward(layer: "conv2d")) {
            try conv.backward(try Tensor(shape: [1, 3, 6, 6]))
        }
        #expect(throws: NeuralCoreError.self) {
            try Conv2D(.init(inChannels: 2, filters: 3, kernelSize: 3, stride: 0), generator: &generator)
        }
    }
}
