import Testing
@testable import NeuralCore

/// The normalisation kernels (``BatchNormalization``) against their plain-Swift references.
@Suite("Batch normalisation kernels")
struct BatchNormalizationKernelTests {
    @Test("affine map, gradient sums and input gradient match the references", arguments: [
        [2, 3], [4, 3, 5, 7], [3, 8, 16, 16],
    ])
    func kernels(shape: [Int]) throws {
        let layout = FeatureLayout(shape: shape)
        var generator = SeededGenerator(seed: 31)
        let input = try generator.uniformTensor(shape: shape, low: -2, high: 3)
        let outputGradient = try generator.uniformTensor(shape: shape, low: -1, high: 1)
        let features = layout.features
        let mean = try generator.uniformTensor(shape: [features], low: -0.5, high: 0.5).scalars
        let inverse = try generator.uniformTensor(shape: [features], low: 0.5, high: 2).scalars
        let gamma = try generator.uniformTensor(shape: [features], low: 0.5, high: 1.5).scalars
        let shift = try generator.uniformTensor(shape: [features], low: -1, high: 1).scalars
        for activation in [PointwiseActivation.identity, .relu, .leakyReLU(slope: 0.2)] {
            let y = BatchNormalization.scaleShift(input, layout: layout, scale: inverse, shift: shift, activation: activation)
            expectClose(
                y.scalars,
                BatchNormalization.referenceScaleShift(input.scalars, layout: layout, scale: inverse, shift: shift, activation: activation),
                "affine map, \(activation)")
        }
        let sums = BatchNormalization.gradientSums(
            outputGradient: outputGradient, input: input, layout: layout, mean: mean, inverseDeviation: inverse)
        let referenceSums = BatchNormalization.referenceGradientSums(
            outputGradient: outputGradient.scalars, input: input.scalars, layout: layout, mean: mean, inverseDeviation: inverse)
        #expect(zip(sums, referenceSums).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) }, "gradient sums")
        let meanGradient = (0..<features).map { Float(sums[$0]) / Float(layout.outer * layout.inner) }
        let meanGradientXHat = (0..<features).map { Float(sums[features + $0]) / Float(layout.outer * layout.inner) }
        let dx = BatchNormalization.inputGradient(
            outputGradient: outputGradient, input: input, layout: layout, mean: mean, inverseDeviation: inverse,
            gamma: gamma, meanGradient: meanGradient, meanGradientXHat: meanGradientXHat)
        expectClose(
            dx.scalars,
            BatchNormalization.referenceInputGradient(
                outputGradient: outputGradient.scalars, input: input.scalars, layout: layout, mean: mean,
                inverseDeviation: inverse, gamma: gamma, meanGradient: meanGradient, meanGradientXHat: meanGradientXHat),
            "input gradient")
    }
}
