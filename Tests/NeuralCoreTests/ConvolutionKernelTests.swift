import Testing
@testable import NeuralCore

/// The convolution kernels (``ConvolutionForward``, ``ConvolutionBackward`` with
/// ``ConvolutionBackwardFilter`` and ``ConvolutionBackwardData``) against their plain-Swift
/// references, on the direct (banded) and chunked paths.
@Suite("Convolution kernels")
struct ConvolutionKernelTests {
    /// A seeded convolution problem: input, kernel, bias and the plan of the given budget.
    struct Problem {
        var input: Tensor
        var kernel: Tensor
        var bias: Tensor
        var plan: ConvolutionPlan
        var stride: Int
        var padding: Padding

        /// A batch of 3, or of 1: a single image, whose output rows are split over the workers
        /// when there are several (``ConvolutionPlan/splitsRows``).
        init(kernelSize: Int, stride: Int, padding: Padding, height: Int, width: Int, small: Bool, batch: Int = 3) throws {
            var generator = SeededGenerator(seed: UInt64(kernelSize * 100 + stride * 10 + height))
            let (channels, filters) = (2, 4)
            input = try generator.uniformTensor(shape: [batch, channels, height, width], low: -1, high: 1)
            kernel = try generator.uniformTensor(shape: [filters, channels, kernelSize, kernelSize], low: -1, high: 1)
            bias = try generator.uniformTensor(shape: [filters], low: -1, high: 1)
            let geometry = WindowGeometry(
                channels: channels, inputHeight: height, inputWidth: width, windowHeight: kernelSize, windowWidth: kernelSize,
                strideHeight: stride, strideWidth: stride, padding: padding)
            // A small budget: one image per chunk, bands of a few output rows.
            // Either way a single image of these small layers splits its rows over the workers.
            let budget = small
                ? ConvolutionPlan.Budget(maximumColumnFloats: 1, bandFloats: 1, minimumBandColumns: 40, minimumSplitMultiplyAdds: 0)
                : ConvolutionPlan.Budget(minimumSplitMultiplyAdds: 0)
            plan = ConvolutionPlan(geometry: geometry, filters: filters, batch: batch, budget: budget)
            self.stride = stride
            self.padding = padding
        }
    }

    static let cases: [(Int, Int, Padding)] = [(3, 1, .same), (5, 2, .valid), (4, 3, .same), (3, 1, .valid), (1, 1, .valid)]

    @Test("forward matches the direct convolution", arguments: cases, [false, true])
    func forward(_ sizes: (Int, Int, Padding), small: Bool) throws {
        let (kernelSize, stride, padding) = sizes
        // 36x34: planes of 256 or more for stride 1 (the direct path); 11x9: the chunked path.
        for (height, width) in [(36, 34), (11, 9)] {
          for batch in [3, 1] {
            let p = try Problem(
                kernelSize: kernelSize, stride: stride, padding: padding, height: height, width: width, small: small, batch: batch)
            #expect(p.plan.splitsRows == (batch == 1 && Parallel.workerCount > 1 && p.plan.geometry.outputHeight > 1))
            let y = ConvolutionForward.convolve(
                p.input, kernel: p.kernel.scalars, bias: p.bias.scalars, activation: .identity, plan: p.plan,
                scratch: WorkerScratch())
            let expected = ConvolutionForward.reference(
                input: p.input, kernel: p.kernel, bias: p.bias, strideHeight: stride, strideWidth: stride, padding: padding)
            #expect(y.shape == expected.shape)
            expectClose(y.scalars, expected.scalars, "forward \(kernelSize) \(stride) \(padding) \(height)x\(width) batch \(batch)")
          }
        }
    }

    @Test("backward matches the direct gradients", arguments: cases, [false, true])
    func backward(_ sizes: (Int, Int, Padding), small: Bool) throws {
        let (kernelSize, stride, padding) = sizes
        for (height, width) in [(36, 34), (11, 9)] {
          for batch in [3, 1] {
            let p = try Problem(
                kernelSize: kernelSize, stride: stride, padding: padding, height: height, width: width, small: small, batch: batch)
            let g = p.plan.geometry
            var generator = SeededGenerator(seed: 5)
            let outputGradient = try generator.uniformTensor(
                shape: [p.plan.batch, p.plan.filters, g.outputHeight, g.outputWidth], low: -1, high: 1)
            var kernelGradient = Tensor(zerosLike: p.kernel)
            let inputGradient = ConvolutionBackward.backpropagate(
                input: p.input, outputGradient: outputGradient, kernel: p.kernel, kernelGradient: &kernelGradient,
                computesInputGradient: true, plan: p.plan, scratch: WorkerScratch(), accumulators: WorkerScratch())
            let what = "\(kernelSize) \(stride) \(padding) \(height)x\(width) batch \(batch)"
            expectClose(
                kernelGradient.scalars,
                ConvolutionBackwardFilter.reference(
                    input: p.input, outputGradient: outputGradient, kernelShape: p.kernel.shape,
                    strideHeight: stride, strideWidth: stride, padding: padding).scalars,
                tolerance: 1e-4, "kernel gradient \(what)")
            expectClose(
                inputGradient.scalars,
                ConvolutionBackwardData.reference(
                    outputGradient: outputGradient, kernel: p.kernel, inputShape: p.input.shape,
                    strideHeight: stride, strideWidth: stride, padding: padding).scalars,
                "input gradient \(what)")
          }
        }
    }

    @Test("convolution and pooling in bands equals the pool of the convolution", arguments: [false, true])
    func pooledBands(small: Bool) throws {
        for batch in [3, 1] {
            let p = try Problem(kernelSize: 3, stride: 1, padding: .same, height: 37, width: 34, small: small, batch: batch)
            #expect(p.plan.direct)
            let pooled = ConvolutionForward.convolveAndPool(
                p.input, kernel: p.kernel.scalars, bias: p.bias.scalars, activation: .leakyReLU(slope: 0.1),
                poolHeight: 3, poolWidth: 2, plan: p.plan, scratch: WorkerScratch())
            let full = ConvolutionForward.convolve(
                p.input, kernel: p.kernel.scalars, bias: p.bias.scalars, activation: .leakyReLU(slope: 0.1), plan: p.plan,
                scratch: WorkerScratch())
            let poolGeometry = WindowGeometry(
                channels: 1, inputHeight: 37, inputWidth: 34, windowHeight: 3, windowWidth: 2,
                strideHeight: 3, strideWidth: 2, padding: .valid)
            let expected = MaxPooling.referenceForward(full.scalars, planes: batch * 4, geometry: poolGeometry).output
            #expect(pooled.shape == [batch, 4, 12, 17])
            #expect(pooled.scalars == expected)
        }
    }

    @Test("a single image gives what it gives in a batch", arguments: [(36, 34), (11, 9), (4, 4)])
    func singleImageEqualsBatch(height: Int, width: Int) throws {
        let batch = try Problem(kernelSize: 3, stride: 1, padding: .same, height: height, width: width, small: false)
        let first = try Tensor(shape: [1] + batch.input.shape.dropFirst(), scalars: Array(batch.input.scalars.prefix(2 * height * width)))
        let single = ConvolutionPlan(
            geometry: batch.plan.geometry, filters: 4, batch: 1, budget: ConvolutionPlan.Budget(minimumSplitMultiplyAdds: 0))
        let y = ConvolutionForward.convolve(
            first, kernel: batch.kernel.scalars, bias: batch.bias.scalars, activation: .relu, plan: single, scratch: WorkerScratch())
        let all = ConvolutionForward.convolve(
            batch.input, kernel: batch.kernel.scalars, bias: batch.bias.scalars, activation: .relu, plan: batch.plan,
            scratch: WorkerScratch())
        expectClose(y.scalars, Array(all.scalars.prefix(y.count)), tolerance: 1e-6, "single image \(height)x\(width)")
    }
}
