import Foundation
import Testing
@testable import NeuralCore

@Suite("Optimizers and regularisation")
struct OptimizerTests {
    func parameter(_ values: [Float], gradient: [Float], l2: Float = 0) throws -> Parameter {
        let p = Parameter(try Tensor(shape: [values.count], scalars: values), l2: l2)
        p.gradient = try Tensor(shape: [gradient.count], scalars: gradient)
        return p
    }

    @Test func sgdWithMomentumFollowsKeras() throws {
        let p = try parameter([1, -1], gradient: [0.5, -2])
        let sgd = try SGD(learningRate: 0.1, momentum: 0.9)
        try sgd.step([("w", p)])
        // v = -0.1 g = [-0.05, 0.2]; w += v.
        #expect(p.value.maximumAbsoluteDifference(try Tensor(shape: [2], scalars: [0.95, -0.8])) < 1e-7)
        try sgd.step([("w", p)])
        // v = 0.9 v - 0.1 g = [-0.095, 0.38]; w += v.
        #expect(p.value.maximumAbsoluteDifference(try Tensor(shape: [2], scalars: [0.855, -0.42])) < 1e-6)
        #expect(sgd.state.iterations == 2)
    }

    @Test func adamFollowsKeras() throws {
        let p = try parameter([1, -1, 0], gradient: [0.5, -2, 0])
        let adam = try Adam(learningRate: 0.01)
        var m = [0.0, 0, 0], v = [0.0, 0, 0], w = [1.0, -1, 0]
        let g = [0.5, -2.0, 0]
        for t in 1...3 {
            try adam.step([("w", p)])
            let alpha = 0.01 * (1 - pow(0.999, Double(t))).squareRoot() / (1 - pow(0.9, Double(t)))
            for i in 0..<3 {
                m[i] += (g[i] - m[i]) * 0.1
                v[i] += (g[i] * g[i] - v[i]) * 0.001
                w[i] -= m[i] * alpha / (v[i].squareRoot() + 1e-7)
            }
        }
        for i in 0..<3 { #expect(abs(Double(p.value.scalars[i]) - w[i]) < 1e-6) }
        #expect(adam.state.slots.keys.sorted() == ["m/w", "v/w"])
    }

    @Test func optimizersSkipNonTrainableParameters() throws {
        let frozen = Parameter(try Tensor(shape: [1], scalars: [3]), isTrainable: false)
        frozen.gradient = try Tensor(shape: [1], scalars: [1])
        try SGD(learningRate: 1).step([("frozen", frozen)])
        try Adam().step([("frozen", frozen)])
        #expect(frozen.value.scalars == [3])
    }

    @Test func optimizerStateRestoresTheSameTrajectory() throws {
        let a = try parameter([1, 2], gradient: [0.3, -0.1])
        let adam = try Adam()
        try adam.step([("w", a)])
        let saved = adam.state
        let valueAfterOne = a.value
        try adam.step([("w", a)])
        let b = try parameter([1, 2], gradient: [0.3, -0.1])
        b.value = valueAfterOne
        let resumed = try Adam()
        resumed.state = saved
        try resumed.step([("w", b)])
        #expect(a.value == b.value)
    }

    @Test func l2AddsToLossAndGradient() throws {
        var g = SeededGenerator(seed: 1)
        let dense = try Dense(inFeatures: 3, units: 2, kernelL2: 0.01, generator: &g)
        let kernel = dense.kernel.value
        let expectedLoss = 0.01 * kernel.scalars.reduce(0.0) { $0 + Double($1 * $1) }
        #expect(abs(dense.regularizationLoss() - expectedLoss) < 1e-9)
        dense.zeroGradients()
        dense.accumulateRegularizationGradients()
        let result = try GradientCheck.compare(
            name: "L2", function: { w in 0.01 * w.scalars.reduce(0.0) { $0 + Double($1) * Double($1) } },
            at: kernel, analytic: dense.kernel.gradient)
        #expect(result.passed, "\(result)")
        #expect(dense.bias!.gradient.scalars.allSatisfy { $0 == 0 })
    }

    @Test func invalidHyperparametersThrow() {
        #expect(throws: NeuralCoreError.self) { try SGD(learningRate: -1) }
        #expect(throws: NeuralCoreError.self) { try SGD(momentum: 1) }
        #expect(throws: NeuralCoreError.self) { try Adam(beta1: 1) }
        #expect(throws: NeuralCoreError.self) { try Adam(epsilon: 0) }
    }
}
