import Testing
import CSupport
@testable import NeuralCore

/// The filters-in-lanes C kernel (`Sources/CSupport/FilterLanesConvolution.c`), which computes
/// the forward pass of every layer that does not go to the direct kernel: every version this
/// processor can run, called directly, and the kernel through ``ConvolutionForward``, against
/// the plain-Swift reference.
@Suite("Filters-in-lanes convolution kernel")
struct FilterLanesConvolutionTests {
    /// Sizes: window, stride, padding, filters, channels, height, width. Filter counts below,
    /// at and above a block (8, 16 or 32 filters by version) and planes from 1 x 1 up, so that
    /// blocks of outputs cross rows and end part-way.
    static let cases: [(Int, Int, Padding, Int, Int, Int, Int)] = [
        (7, 1, .same, 32, 3, 4, 4), (3, 1, .same, 33, 2, 9, 9), (5, 2, .valid, 5, 4, 13, 11),
        (4, 3, .same, 17, 1, 10, 14), (1, 1, .valid, 64, 3, 7, 5), (3, 2, .valid, 40, 2, 3, 3),
        (7, 1, .same, 1, 2, 1, 1),
    ]

    @Test("every version matches the reference, in bands", arguments: cases)
    func everyVersionMatchesTheReference(_ sizes: (Int, Int, Padding, Int, Int, Int, Int)) throws {
        let (size, stride, padding, filters, channels, height, width) = sizes
        var generator = SeededGenerator(seed: UInt64(size * 100 + filters * 10 + channels))
        let problem = try SeededConvolution(
            size: size, stride: stride, padding: padding, filters: filters, channels: channels, height: height,
            width: width, generator: &generator)
        let (input, kernel, bias, g, expected) = (
            problem.input, problem.kernel, problem.bias, problem.geometry, problem.expected)
        let plane = g.outputPlane, patch = g.patchSize
        // Bands of one row, then the rest: outputs land in both wherever the blocks fall.
        let bands = g.outputHeight > 1 ? [0..<1, 1..<g.outputHeight] : [0..<g.outputHeight]
        var window = g.cWindow
        for level in 0...Int(flarekit_direct_instruction_set()) {
            var packed = [Float](repeating: .nan, count: flarekit_filters_in_lanes_packed_floats(filters, patch))
            flarekit_pack_filters_in_lanes_with(Int32(level), kernel.scalars, filters, patch, &packed)
            var scratch = [Float](repeating: .nan, count: flarekit_direct_scratch_floats(&window, g.outputHeight))
            var output = (0..<(filters * plane)).map { bias.scalars[$0 / plane] }
            for rows in bands {
                output.withUnsafeMutableBufferPointer { out in
                    flarekit_convolve_filters_in_lanes_with(
                        Int32(level), input.scalars, &window, filters, packed, rows.lowerBound, rows.upperBound,
                        out.baseAddress! + rows.lowerBound * g.outputWidth, plane, &scratch)
                }
            }
            expectClose(output, expected.scalars, "version \(level), \(sizes)")
        }
    }

    @Test("each output is the same in a band, a batch or a single image, and through the layer's plan")
    func planUsesTheKernel() throws {
        // 40 filters (a block and a part), 3 channels, a plane of 20 x 18: the kernel for a
        // large plane too, since the layer has many filters and more than one channel.
        var generator = SeededGenerator(seed: 41)
        let input = try generator.uniformTensor(shape: [3, 3, 20, 18], low: -1, high: 1)
        let kernel = try generator.uniformTensor(shape: [40, 3, 3, 3], low: -1, high: 1)
        let bias = try generator.uniformTensor(shape: [40], low: -1, high: 1)
        let g = WindowGeometry(
            channels: 3, inputHeight: 20, inputWidth: 18, windowHeight: 3, windowWidth: 3,
            strideHeight: 1, strideWidth: 1, padding: .same)
        let expected = ConvolutionForward.reference(
            input: input, kernel: kernel, bias: bias, strideHeight: 1, strideWidth: 1, padding: .same)
        let small = ConvolutionPlan.Budget(maximumColumnFloats: 1, bandFloats: 1, minimumBandColumns: 40)
        for budget in [ConvolutionPlan.Budget(), small] {
            let plan = ConvolutionPlan(geometry: g, filters: 40, batch: 3, budget: budget)
            #expect(plan.convolvesInFilterLanes && !plan.convolvesDirectly)
            let y = ConvolutionForward.convolve(
                input, kernel: kernel.scalars, bias: bias.scalars, activation: .identity, plan: plan, scratch: WorkerScratch())
            expectClose(y.scalars, expected.scalars, "batch, band floats \(budget.bandFloats)")
            // Every output gets the same arithmetic wherever its band and block start.
            let single = ConvolutionPlan(
                geometry: g, filters: 40, batch: 1, budget: ConvolutionPlan.Budget(minimumSplitMultiplyAdds: 0))
            let first = try Tensor(shape: [1, 3, 20, 18], scalars: Array(input.scalars.prefix(3 * 20 * 18)))
            let one = ConvolutionForward.convolve(
                first, kernel: kernel.scalars, bias: bias.scalars, activation: .identity, plan: single, scratch: WorkerScratch())
            #expect(one.scalars == Array(y.scalars.prefix(one.count)))
        }
        // One channel with a large plane, or few filters: the direct kernel.
        var one = g
        one.channels = 1
        #expect(ConvolutionPlan(geometry: one, filters: 40, batch: 3, budget: .init()).convolvesDirectly)
        #expect(ConvolutionPlan(geometry: g, filters: 8, batch: 3, budget: .init()).convolvesDirectly)
    }
}
