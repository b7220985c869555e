import Testing
import CSupport
@testable import NeuralCore

/// The Winograd F(2x2, 3x3) C kernel (`Sources/CSupport/WinogradConvolution.c`): every version
/// this processor can run, called directly, and the kernel through ``ConvolutionForward``,
/// against the plain-Swift reference.
@Suite("Winograd convolution kernel")
struct WinogradConvolutionTests {
    /// Sizes: padding, filters, channels, height, width. Odd and even output extents (a last
    /// tile half outside), filter counts below, at and above a block, rows of fewer tiles than
    /// a vector and of several vectors.
    static let cases: [(Padding, Int, Int, Int, Int)] = [
        (.same, 32, 16, 9, 9), (.same, 33, 17, 14, 37), (.valid, 5, 16, 13, 11), (.valid, 64, 20, 6, 70),
        (.same, 1, 16, 1, 3), (.same, 40, 32, 28, 28),
    ]

    @Test("every version matches the reference, in bands", arguments: cases)
    func everyVersionMatchesTheReference(_ sizes: (Padding, Int, Int, Int, Int)) throws {
        let (padding, filters, channels, height, width) = sizes
        var generator = SeededGenerator(seed: UInt64(filters * 10 + channels))
        let problem = try SeededConvolution(
            size: 3, stride: 1, padding: padding, filters: filters, channels: channels, height: height,
            width: width, generator: &generator)
        let g = problem.geometry, plane = g.outputPlane
        // Bands of three rows, then the rest: odd bands end on half-used tiles.
        let split = min(3, g.outputHeight)
        let bands = split < g.outputHeight ? [0..<split, split..<g.outputHeight] : [0..<g.outputHeight]
        var window = g.cWindow
        for level in 0...Int(flarekit_direct_instruction_set()) {
            var packed = [Float](repeating: .nan, count: flarekit_winograd_packed_floats(filters, channels))
            flarekit_pack_winograd_with(Int32(level), problem.kernel.scalars, filters, channels, &packed)
            var scratch = [Float](repeating: .nan, count: flarekit_winograd_scratch_floats(&window, g.outputHeight))
            var output = (0..<(filters * plane)).map { problem.bias.scalars[$0 / plane] }
            for rows in bands {
                output.withUnsafeMutableBufferPointer { out in
                    flarekit_convolve_winograd_with(
                        Int32(level), problem.input.scalars, &window, filters, packed, rows.lowerBound, rows.upperBound,
                        out.baseAddress! + rows.lowerBound * g.outputWidth, plane, &scratch)
                }
            }
            expectClose(output, problem.expected.scalars, "version \(level), \(sizes)")
        }
    }

    @Test("the plan picks it for 3 x 3 stride-1 layers, and every cut of the image gives the same outputs")
    func throughThePlan() throws {
        var generator = SeededGenerator(seed: 51)
        let problem = try SeededConvolution(
            size: 3, stride: 1, padding: .same, filters: 20, channels: 16, height: 27, width: 25, generator: &generator)
        let g = problem.geometry
        var batchInput = problem.input.scalars
        batchInput += try generator.uniformTensor(shape: [2 * 16 * 27 * 25], low: -1, high: 1).scalars
        let batch = try Tensor(shape: [3, 16, 27, 25], scalars: batchInput)
        let small = ConvolutionPlan.Budget(maximumColumnFloats: 1, bandFloats: 1, minimumBandColumns: 40, minimumSplitMultiplyAdds: 0)
        var outputs: [Tensor] = []
        for budget in [ConvolutionPlan.Budget(minimumSplitMultiplyAdds: 0), small] {
            let plan = ConvolutionPlan(geometry: g, filters: 20, batch: 3, budget: budget)
            #expect(plan.convolvesWinograd && (plan.forwardBandRows % 2 == 0 || plan.forwardBandRows == g.outputHeight))
            let y = ConvolutionForward.convolve(
                batch, kernel: problem.kernel.scalars, bias: problem.bias.scalars, activation: .identity, plan: plan,
                scratch: WorkerScratch())
            expectClose(Array(y.scalars.prefix(problem.expected.count)), problem.expected.scalars, "batch")
            outputs.append(y)
            // A single image, its rows split over the workers: the same tiles, the same values.
            let single = ConvolutionPlan(geometry: g, filters: 20, batch: 1, budget: budget)
            let one = ConvolutionForward.convolve(
                problem.input, kernel: problem.kernel.scalars, bias: problem.bias.scalars, activation: .identity,
                plan: single, scratch: WorkerScratch())
            #expect(one.scalars == Array(y.scalars.prefix(one.count)))
            // Pooled in bands (3 x 3 windows: bands of 6 rows) equals the pool of the whole output.
            let pooled = ConvolutionForward.convolveAndPool(
                batch, kernel: problem.kernel.scalars, bias: problem.bias.scalars, activation: .relu, poolHeight: 3,
                poolWidth: 3, plan: plan, scratch: WorkerScratch())
            var activated = y
            activated.withUnsafeMutableBufferPointer { PointwiseActivation.relu.apply($0.baseAddress!, count: $0.count) }
            let poolGeometry = WindowGeometry(
                channels: 1, inputHeight: 27, inputWidth: 25, windowHeight: 3, windowWidth: 3, strideHeight: 3,
                strideWidth: 3, padding: .valid)
            #expect(pooled.scalars
                == MaxPooling.referenceForward(activated.scalars, planes: 3 * 20, geometry: poolGeometry).output)
            // Overlapping 2 x 2 stride-1 windows: bands of pooled rows start on even rows too.
            let overlapping = ConvolutionForward.convolveAndPool(
                batch, kernel: problem.kernel.scalars, bias: problem.bias.scalars, activation: .relu, poolHeight: 2,
                poolWidth: 2, strideHeight: 1, strideWidth: 1, plan: plan, scratch: WorkerScratch())
            let overlappingGeometry = WindowGeometry(
                channels: 1, inputHeight: 27, inputWidth: 25, windowHeight: 2, windowWidth: 2, strideHeight: 1,
                strideWidth: 1, padding: .valid)
            #expect(overlapping.scalars
                == MaxPooling.referenceForward(activated.scalars, planes: 3 * 20, geometry: overlappingGeometry).output)
        }
        #expect(outputs[0] == outputs[1])
        // Other windows, strides, fewer channels or narrow rows: the other kernels.
        func kind(size: Int, stride: Int, channels: Int, width: Int) -> ConvolutionPlan.ForwardKernel {
            let g = WindowGeometry(
                channels: channels, inputHeight: 30, inputWidth: width, windowHeight: size, windowWidth: size,
                strideHeight: stride, strideWidth: stride, padding: .same)
            return ConvolutionPlan(geometry: g, filters: 32, batch: 2, budget: .init()).forwardKernelKind
        }
        #expect(kind(size: 3, stride: 1, channels: 16, width: 24) == .winograd)
        #expect(kind(size: 3, stride: 1, channels: 15, width: 40) != .winograd)
        #expect(kind(size: 3, stride: 1, channels: 32, width: 23) != .winograd)
        #expect(kind(size: 3, stride: 2, channels: 32, width: 64) != .winograd)
        #expect(kind(size: 5, stride: 1, channels: 32, width: 64) != .winograd)
    }
}
