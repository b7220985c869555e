import Foundation
import Testing
@testable import NeuralCore

@Suite("Layer values")
struct LayerValueTests {
    @Test func denseComputesXWPlusB() throws {
        var g = SeededGenerator(seed: 0)
        let dense = try Dense(inFeatures: 2, units: 3, generator: &g)
        dense.kernel.value = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        dense.bias!.value = try Tensor(shape: [3], scalars: [0.5, 0, -1])
        let y = try dense.forward(try Tensor(shape: [2, 2], scalars: [1, 1, 2, -1]), mode: .inference)
        #expect(y.scalars == [5.5, 7, 8, -1.5, -1, -1])
    }

    @Test func lstmOneStepByHand() throws {
        var g = SeededGenerator(seed: 0)
        let lstm = try LSTM(inFeatures: 1, units: 1, generator: &g)
        lstm.kernel.value = try Tensor(shape: [1, 4], scalars: [1, 2, 3, 4])
        lstm.recurrentKernel.value = try Tensor(shape: [1, 4], scalars: [0.5, 0.5, 0.5, 0.5])
        lstm.bias.value = try Tensor(shape: [4], repeating: 0)
        let x = try Tensor(shape: [1, 2, 1], scalars: [0.5, -1])
        func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
        var h = 0.0, c = 0.0
        for xt in [0.5, -1.0] {
            let i = sigmoid(1 * xt + 0.5 * h), f = sigmoid(2 * xt + 0.5 * h)
            let gg = tanh(3 * xt + 0.5 * h), o = sigmoid(4 * xt + 0.5 * h)
            c = f * c + i * gg
            h = o * tanh(c)
        }
        let y = try lstm.forward(x, mode: .inference)
        #expect(y.shape == [1, 1])
        #expect(abs(Double(y.scalars[0]) - h) < 1e-6)
    }

    @Test func activationsByHand() throws {
        let x = try Tensor(shape: [4], scalars: [-2, -0.5, 0, 3])
        #expect(try ReLU().forward(x, mode: .inference).scalars == [0, 0, 0, 3])
        #expect(try LeakyReLU().forward(x, mode: .inference).scalars == [-0.6, -0.15, 0, 3])
        #expect(try Identity().forward(x, mode: .inference).scalars == x.scalars)
        let s = try Sigmoid().forward(try Tensor(shape: [3], scalars: [0, -100, 100]), mode: .inference)
        #expect(s.scalars == [0.5, Float(exp(-100.0) / (1 + exp(-100.0))), 1])
        #expect(s.isFinite)
    }

    @Test func dropoutDropsAboutItsRateAndScalesTheRest() throws {
        let dropout = try Dropout(rate: 0.3, seed: 1)
        let x = try Tensor(shape: [10_000], repeating: 1)
        let y = try dropout.forward(x, mode: .training)
        let kept = y.scalars.filter { $0 != 0 }
        #expect(abs(Double(kept.count) / 10_000 - 0.7) < 0.02)
        #expect(kept.allSatisfy { abs($0 - 1 / 0.7) < 1e-6 })
        #expect(try dropout.forward(x, mode: .inference) == x)
        #expect(throws: NeuralCoreError.self) { try Dropout(rate: 1, seed: 0) }
    }

    @Test func sequentialNamesLayersLikeKeras() throws {
        var g = SeededGenerator(seed: 0)
        let model = try Sequential([
            Dense(inFeatures: 2, units: 2, generator: &g), ReLU(), Dense(inFeatures: 2, units: 1, generator: &g),
        ])
        #expect(model.namedParameters().map(\.name) == ["dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"])
        #expect(model.parameterCount == 9)
        #expect(throws: NeuralCoreError.self) { try model.append(ReLU(), name: "dense") }
        #expect(throws: NeuralCoreError.self) { try model.append(ReLU(), name: "a.b") }
    }

    @Test func batchNormParametersAreNamedAndCounted() throws {
        let model = try Sequential([("bn1", BatchNorm(features: 3))])
        #expect(model.namedParameters().map(\.name)
            == ["bn1.gamma", "bn1.beta", "bn1.movingMean", "bn1.movingVariance"])
        #expect(model.parameterCount == 12)
        #expect(model.trainableParameterCount == 6)
    }

    @Test func tensorReshapeSharesValuesAndChecksCounts() throws {
        var x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let y = try x.reshaped([3, -1])
        #expect(y.shape == [3, 2])
        x[0, 0] = 10
        #expect(y.scalars[0] == 1)   // copy-on-write: y kept its values
        #expect(x[0, 0] == 10)
        #expect(throws: NeuralCoreError.self) { try x.reshaped([4, 2]) }
        #expect(throws: NeuralCoreError.self) { try x.reshaped([-1, -1]) }
        #expect(throws: NeuralCoreError.self) { try Tensor(shape: [2, 2], scalars: [1]) }
        #expect(throws: NeuralCoreError.self) { try Tensor(shape: [-1, 2]) }
    }
}
