import Testing
import CSupport
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
        var budget: ConvolutionPlan.Budget

        /// A batch of 3, or of 1: a single image, whose output rows are split over the workers
        /// when there are several (``ConvolutionPlan/splitsRows``).
        init(
            kernelSize: Int, stride: Int, padding: Padding, height: Int, width: Int, small: Bool, batch: Int = 3,
            channels: Int = 2, filters: Int = 4
        ) throws {
            var generator = SeededGenerator(seed: UInt64(kernelSize * 100 + stride * 10 + height))
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
            self.budget = budget
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
            expectForwardMatchesTheReference(p, "forward \(kernelSize) \(stride) \(padding) \(height)x\(width) batch \(batch)")
          }
        }
    }

    /// Layers with 32 input channels or more take their input gradient from convolutions of the
    /// output gradient (``ConvolutionInputGradient``): one at stride 1, one per phase of rows
    /// and columns at larger strides. Odd and even windows, both paddings, strides 1 to 3, large
    /// and small planes, a batch and a single image.
    @Test("deep layers: the input gradient as convolutions matches the reference",
          arguments: [(3, 1, Padding.same), (4, 1, .same), (5, 1, .valid), (1, 1, .valid), (5, 2, .valid),
                      (3, 2, .same), (4, 3, .same), (7, 2, .valid), (2, 2, .same)], [false, true])
    func deepInputGradient(_ sizes: (Int, Int, Padding), small: Bool) throws {
        let (kernelSize, stride, padding) = sizes
        for (height, width) in [(19, 17), (6, 5)] {
            // A valid window wider than the image has no output (Conv2D refuses such layers).
            if padding == .valid, kernelSize > min(height, width) { continue }
            for batch in [3, 1] {
                let p = try Problem(
                    kernelSize: kernelSize, stride: stride, padding: padding, height: height, width: width, small: small,
                    batch: batch, channels: 33, filters: 6)
                let phases = ConvolutionInputGradient(layer: p.plan, budget: p.budget)
                #expect(phases != nil)
                #expect((phases?.phases.count ?? 0) <= stride * stride)
                try expectBackwardMatchesTheReference(
                    p, seed: 9, "deep \(kernelSize) stride \(stride) \(padding) \(height)x\(width) batch \(batch)")
            }
        }
        let shallow = try Problem(kernelSize: 3, stride: 1, padding: .same, height: 8, width: 8, small: false, channels: 31)
        #expect(ConvolutionInputGradient(layer: shallow.plan, budget: shallow.budget) == nil)
        // A window narrower than the stride leaves a phase without taps: the adjoint of im2col.
        let sparse = try Problem(kernelSize: 1, stride: 2, padding: .valid, height: 8, width: 8, small: false, channels: 40)
        #expect(ConvolutionInputGradient(layer: sparse.plan, budget: sparse.budget) == nil)
    }

    @Test("backward matches the direct gradients", arguments: cases, [false, true])
    func backward(_ sizes: (Int, Int, Padding), small: Bool) throws {
        let (kernelSize, stride, padding) = sizes
        for (height, width) in [(36, 34), (11, 9)] {
          for batch in [3, 1] {
            let p = try Problem(
                kernelSize: kernelSize, stride: stride, padding: padding, height: height, width: width, small: small, batch: batch)
            try expectBackwardMatchesTheReference(p, seed: 5, "\(kernelSize) \(stride) \(padding) \(height)x\(width) batch \(batch)")
          }
        }
    }

    /// The forward convolution of `p` (identity activation) against the reference; returns it.
    @discardableResult
    func expectForwardMatchesTheReference(_ p: Problem, _ what: String) -> Tensor {
        let y = ConvolutionForward.convolve(
            p.input, kernel: p.kernel.scalars, bias: p.bias.scalars, activation: .identity, plan: p.plan,
            scratch: WorkerScratch())
        let expected = ConvolutionForward.reference(
            input: p.input, kernel: p.kernel, bias: p.bias, strideHeight: p.stride, strideWidth: p.stride, padding: p.padding)
        #expect(y.shape == expected.shape)
        expectClose(y.scalars, expected.scalars, what)
        return y
    }

    /// The kernel and input gradients of `p` for a seeded output gradient against the references.
    func expectBackwardMatchesTheReference(_ p: Problem, seed: UInt64, _ what: String) throws {
        let g = p.plan.geometry
        var generator = SeededGenerator(seed: seed)
        let outputGradient = try generator.uniformTensor(
            shape: [p.plan.batch, p.plan.filters, g.outputHeight, g.outputWidth], low: -1, high: 1)
        var kernelGradient = Tensor(zerosLike: p.kernel)
        let inputGradient = ConvolutionBackward.backpropagate(
            input: p.input, outputGradient: outputGradient, kernel: p.kernel, kernelGradient: &kernelGradient,
            computesInputGradient: true, plan: p.plan, budget: p.budget, scratch: WorkerScratch(),
            accumulators: WorkerScratch())
        expectClose(
            kernelGradient.scalars,
            ConvolutionBackwardFilter.reference(
                input: p.input, outputGradient: outputGradient, kernelShape: p.kernel.shape,
                strideHeight: p.stride, strideWidth: p.stride, padding: p.padding).scalars,
            tolerance: 1e-4, "kernel gradient \(what)")
        expectClose(
            inputGradient.scalars,
            ConvolutionBackwardData.reference(
                outputGradient: outputGradient, kernel: p.kernel, inputShape: p.input.shape,
                strideHeight: p.stride, strideWidth: p.stride, padding: p.padding).scalars,
            "input gradient \(what)")
    }

    /// Pools that tile the output, and overlapping ones (the LRCN's 2 x 2 stride 1, whose bands
    /// share a row), with windows and strides that differ across the two axes.
    @Test("convolution and pooling in bands equals the pool of the convolution", arguments: [false, true])
    func pooledBands(small: Bool) throws {
        let pools = [(3, 2, 3, 2), (2, 2, 1, 1), (3, 3, 2, 2), (2, 3, 1, 2), (3, 2, 2, 1)]
        for batch in [3, 1] {
            let p = try Problem(kernelSize: 3, stride: 1, padding: .same, height: 37, width: 34, small: small, batch: batch)
            #expect(p.plan.direct)
            let full = ConvolutionForward.convolve(
                p.input, kernel: p.kernel.scalars, bias: p.bias.scalars, activation: .leakyReLU(slope: 0.1), plan: p.plan,
                scratch: WorkerScratch())
            for (height, width, strideHeight, strideWidth) in pools {
                let pooled = ConvolutionForward.convolveAndPool(
                    p.input, kernel: p.kernel.scalars, bias: p.bias.scalars, activation: .leakyReLU(slope: 0.1),
                    poolHeight: height, poolWidth: width, strideHeight: strideHeight, strideWidth: strideWidth,
                    plan: p.plan, scratch: WorkerScratch())
                let poolGeometry = WindowGeometry(
                    channels: 1, inputHeight: 37, inputWidth: 34, windowHeight: height, windowWidth: width,
                    strideHeight: strideHeight, strideWidth: strideWidth, padding: .valid)
                let expected = MaxPooling.referenceForward(full.scalars, planes: batch * 4, geometry: poolGeometry).output
                let what = "pool \(height)x\(width) stride \(strideHeight)x\(strideWidth) batch \(batch)"
                #expect(pooled.shape == [batch, 4, poolGeometry.outputHeight, poolGeometry.outputWidth], "\(what)")
                #expect(pooled.scalars == expected, "\(what)")
            }
        }
    }

    /// One input channel (the first layer of the CNNs and the LRCN): the direct one-channel
    /// kernels, with filter counts that leave a partial block of filters and widths that leave
    /// a partial run of outputs, an even window, `valid` padding, strides 2 and 3, and a band
    /// size that splits the rows.
    @Test("one input channel: the direct kernels match the direct convolution and its gradients",
          arguments: [(7, 1, Padding.same, 19), (3, 1, .valid, 8), (4, 1, .same, 3), (1, 1, .valid, 33),
                      (7, 2, .valid, 32), (5, 2, .same, 5), (4, 3, .same, 9)], [false, true])
    func oneChannel(_ sizes: (Int, Int, Padding, Int), small: Bool) throws {
        let (kernelSize, stride, padding, filters) = sizes
        for (height, width) in [(36, 34), (23, 70), (17, 17), (61, 45)] {
            for batch in [3, 1] {
                let p = try Problem(
                    kernelSize: kernelSize, stride: stride, padding: padding, height: height, width: width, small: small,
                    batch: batch, channels: 1, filters: filters)
                #expect(p.plan.convolvesDirectly == (p.plan.plane >= ConvolutionPlan.directPlane))
                let what = "one channel \(kernelSize) stride \(stride) \(padding) \(filters) filters \(height)x\(width) batch \(batch)"
                let y = expectForwardMatchesTheReference(p, what)
                try expectBackwardMatchesTheReference(p, seed: 6, what)
                // The kernel gives each output the same arithmetic wherever its band starts, so
                // pooling inside the bands gives exactly the pool of the whole convolution.
                guard p.plan.convolvesDirectly, y.shape[2] >= 2, y.shape[3] >= 3 else { continue }
                let pooled = ConvolutionForward.convolveAndPool(
                    p.input, kernel: p.kernel.scalars, bias: p.bias.scalars, activation: .identity,
                    poolHeight: 2, poolWidth: 3, plan: p.plan, scratch: WorkerScratch())
                let poolGeometry = WindowGeometry(
                    channels: 1, inputHeight: y.shape[2], inputWidth: y.shape[3], windowHeight: 2, windowWidth: 3,
                    strideHeight: 2, strideWidth: 3, padding: .valid)
                #expect(pooled.scalars
                    == MaxPooling.referenceForward(y.scalars, planes: batch * filters, geometry: poolGeometry).output,
                    "pooled \(what)")
            }
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

/// Every version of the direct C kernels this processor can run (baseline, AVX2 with FMA,
/// AVX-512), called directly on one image of one to three channels in two bands, against the
/// plain-Swift references.
@Suite("Direct convolution kernels, every instruction set")
struct DirectConvolutionInstructionSetTests {
    @Test(arguments: [(7, 1, Padding.same, 19, 1), (5, 2, .valid, 6, 1), (4, 3, .same, 9, 1), (3, 1, .same, 10, 3), (5, 2, .same, 8, 2)])
    func everyVersionMatchesTheReference(_ sizes: (Int, Int, Padding, Int, Int)) throws {
        let (size, stride, padding, filters, channels) = sizes
        var generator = SeededGenerator(seed: UInt64(size * 10 + stride))
        let (height, width) = (29, 53)
        let problem = try SeededConvolution(
            size: size, stride: stride, padding: padding, filters: filters, channels: channels, height: height,
            width: width, generator: &generator)
        let (input, kernel, bias, g, expected) = (
            problem.input, problem.kernel, problem.bias, problem.geometry, problem.expected)
        let outputGradient = try generator.uniformTensor(shape: expected.shape, low: -1, high: 1)
        let expectedGradient = ConvolutionBackwardFilter.reference(
            input: input, outputGradient: outputGradient, kernelShape: kernel.shape, strideHeight: stride,
            strideWidth: stride, padding: padding)
        let plane = g.outputPlane, split = g.outputHeight / 2
        var window = g.cWindow
        let levels = Array(0...Int(flarekit_direct_instruction_set()))
        #expect(levels.count >= 1)
        for level in levels {
            var scratch = [Float](repeating: .nan, count: flarekit_direct_scratch_floats(&window, g.outputHeight))
            var output = (0..<(filters * plane)).map { bias.scalars[$0 / plane] }
            var kernelGradient = [Float](repeating: 0, count: kernel.count)
            for rows in [0..<split, split..<g.outputHeight] {
                let offset = rows.lowerBound * g.outputWidth
                output.withUnsafeMutableBufferPointer { out in
                    flarekit_convolve_direct_with(
                        Int32(level), input.scalars, &window, filters, kernel.scalars, rows.lowerBound, rows.upperBound,
                        out.baseAddress! + offset, plane, &scratch)
                }
                outputGradient.scalars.withUnsafeBufferPointer { dy in
                    flarekit_direct_filter_gradient_with(
                        Int32(level), input.scalars, &window, filters, dy.baseAddress! + offset, plane,
                        rows.lowerBound, rows.upperBound, &kernelGradient, &scratch)
                }
            }
            expectClose(output, expected.scalars, "forward, version \(level), \(sizes)")
            expectClose(kernelGradient, expectedGradient.scalars, tolerance: 1e-4, "kernel gradient, version \(level), \(sizes)")
        }
    }
}
