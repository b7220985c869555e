import Testing
@testable import NeuralCore

/// The element-wise kernels (``Elementwise``) against their references (``ElementwiseFunction``).
@Suite("Element-wise kernels")
struct ElementwiseKernelTests {
    typealias Forward = (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void
    typealias Backward = (UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void

    /// The kernels of `function`: forward, and backward from the cached input or output.
    static func kernels(_ function: ElementwiseFunction) -> (forward: Forward, backward: Backward, usesInput: Bool) {
        switch function {
        case .relu:
            return (Elementwise.relu, { Elementwise.reluGradient(input: $0, outputGradient: $1, inputGradient: $2) }, true)
        case let .leakyReLU(slope):
            return ({ Elementwise.leakyReLU($0, $1, slope: slope) },
                    { Elementwise.leakyReLUGradient(input: $0, outputGradient: $1, inputGradient: $2, slope: slope) }, true)
        case .sigmoid:
            return (Elementwise.sigmoid, { Elementwise.sigmoidGradient(output: $0, outputGradient: $1, inputGradient: $2) }, false)
        case .tanh:
            return (Elementwise.tanh, { Elementwise.tanhGradient(output: $0, outputGradient: $1, inputGradient: $2) }, false)
        }
    }

    /// The fused activation backward with row sums (``Conv2D``'s bias gradient): the same
    /// gradient as ``Elementwise/backpropagate(_:output:outputGradient:rowLength:)`` and
    /// exactly ``featureSums(_:layout:centres:)`` of it, with rows that end part-way through
    /// the eight lanes.
    @Test("activation backward with row sums equals the two passes it replaces", arguments: [
        PointwiseActivation.leakyReLU(slope: 0.3), .relu, .identity,
    ])
    func backwardWithRowSums(activation: PointwiseActivation) throws {
        var generator = SeededGenerator(seed: 43)
        let shape = [3, 5, 7, 11]
        let preactivation = try generator.uniformTensor(shape: shape, low: -2, high: 2)
        var output = preactivation
        output.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, count: $0.count) }
        let outputGradient = try generator.uniformTensor(shape: shape, low: -1, high: 1)
        let (gradient, rowSums) = Elementwise.backpropagateSummingRows(
            activation, output: output, outputGradient: outputGradient, rowLength: 77)
        #expect(gradient == Elementwise.backpropagate(activation, output: output, outputGradient: outputGradient, rowLength: 77))
        #expect(rowSums.count == 15)
        #expect(featureSums(rowSums: rowSums, features: 5) == featureSums(gradient, layout: FeatureLayout(shape: shape)))
    }

    @Test("activations and derivatives match the references", arguments: [
        ElementwiseFunction.relu, .leakyReLU(slope: 0.3), .sigmoid, .tanh,
    ])
    func activation(function: ElementwiseFunction) throws {
        var generator = SeededGenerator(seed: 41)
        let x = try generator.uniformTensor(shape: [50_000], low: -30, high: 30)
        let dy = try generator.uniformTensor(shape: [50_000], low: -1, high: 1)
        let (forward, backward, usesInput) = Self.kernels(function)
        let y = x.mapChunks(forward)
        expectClose(y.scalars, x.scalars.map(function.value), tolerance: 1e-6, "\(function) values")
        let dx = (usesInput ? x : y).combineChunks(with: dy, backward)
        let expected = (0..<x.count).map { function.gradient(input: x.scalars[$0], output: y.scalars[$0], outputGradient: dy.scalars[$0]) }
        expectClose(dx.scalars, expected, tolerance: 1e-6, "\(function) gradients")
    }

    @Test("the fused leaky ReLU and its gradient match the references", arguments: [Float(0), 0.3, 1])
    func fusedLeakyReLU(slope: Float) throws {
        var generator = SeededGenerator(seed: 43)
        var values = try generator.uniformTensor(shape: [1001], low: -3, high: 3).scalars
        let x = values
        values.withUnsafeMutableBufferPointer { Elementwise.leakyReLU($0.baseAddress!, count: $0.count, slope: slope) }
        #expect(values == x.map(ElementwiseFunction.leakyReLU(slope: slope).value))
        var gradient = [Float](repeating: 2, count: x.count)
        values.withUnsafeBufferPointer { y in
            gradient.withUnsafeMutableBufferPointer {
                Elementwise.leakyReLUGradient(
                    output: y.baseAddress!, gradient: $0.baseAddress!, into: $0.baseAddress!, count: y.count, slope: slope)
            }
        }
        let expected = x.indices.map { ElementwiseFunction.leakyReLU(slope: slope).gradient(input: x[$0], output: values[$0], outputGradient: 2) }
        #expect(gradient == expected)
    }
}
