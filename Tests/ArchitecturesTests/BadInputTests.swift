import Foundation
import NeuralCore
import Testing

@testable import Architectures

/// Non-finite network inputs (Documentation/Reliability.md): `FlareModel.forward`, which every
/// prediction, evaluation, training step and probe goes through, refuses a NaN or an infinity
/// for the LRCN as for the CNNs, naming the sample, before any layer runs. The LRCN used to
/// answer finite probabilities for such videos (its recurrent gates saturate the NaN away).
@Suite("Architectures bad inputs: non-finite network inputs")
struct ArchitecturesBadInputTests {
    static func lrcn() throws -> FlareModel {
        var c = LRCNConfiguration()
        c.frames = 3
        c.frameSize = 16
        c.filters = [2, 2]
        c.kernelSizes = [3, 3]
        c.denseUnits = 4
        c.lstmUnits = 3
        var generator = SeededGenerator(seed: 11)
        return try FlareModel(.lrcn(c), generator: &generator)
    }

    static func cnn1() throws -> FlareModel {
        var c = CNN1Configuration()
        c.inputSize = 16
        c.filters = [2, 2]
        c.denseUnits = 4
        var generator = SeededGenerator(seed: 12)
        return try FlareModel(.cnn1(c), generator: &generator)
    }

    /// A batch of `count` samples of `model`'s shape, with `damage` applied to its scalars.
    static func batch(for model: FlareModel, count: Int, damage: (inout [Float], Int) -> Void) throws -> Tensor {
        var generator = SeededGenerator(seed: 13)
        var x = try generator.normalTensor(shape: [count] + model.configuration.sampleShape)
        var scalars = x.scalars
        damage(&scalars, x.count / count)
        x = try Tensor(shape: x.shape, scalars: scalars)
        return x
    }

    @Test func lrcnVideoWithOneNaNPixelIsRefusedNamingTheSample() throws {
        let model = try Self.lrcn()
        // Sample 1, frame 2, pixel 37 of that frame.
        let x = try Self.batch(for: model, count: 2) { scalars, perSample in scalars[perSample + 2 * 256 + 37] = .nan }
        let error = try #require(throws: NeuralCoreError.self) { try model.forward(x, mode: .inference) }
        guard case let .nonFiniteInput(sample, element, value) = error else {
            Issue.record("expected a non-finite input, got \(error)")
            return
        }
        #expect(sample == 1 && element == 2 * 256 + 37 && value.isNaN)
        #expect(error.description.contains("input sample 1"), "\(error)")
    }

    @Test func lrcnVideoWithAnInfinityOrAllNaNIsRefused() throws {
        let model = try Self.lrcn()
        let infinite = try Self.batch(for: model, count: 2) { scalars, _ in scalars[5] = .infinity }
        #expect(throws: NeuralCoreError.nonFiniteInput(sample: 0, element: 5, value: .infinity)) {
            try model.forward(infinite, mode: .inference)
        }
        let negative = try Self.batch(for: model, count: 2) { scalars, _ in scalars[scalars.count - 1] = -.infinity }
        #expect(throws: NeuralCoreError.nonFiniteInput(sample: 1, element: 3 * 256 - 1, value: -.infinity)) {
            try model.forward(negative, mode: .training)
        }
        let allNaN = try Tensor(shape: [1] + model.configuration.sampleShape, repeating: .nan)
        let error = try #require(throws: NeuralCoreError.self) { try model.forward(allNaN, mode: .inference) }
        guard case .nonFiniteInput(0, 0, _) = error else {
            Issue.record("expected sample 0, element 0, got \(error)")
            return
        }
    }

    @Test func cnnImageWithANaNPixelIsRefusedBeforeTheLayers() throws {
        let model = try Self.cnn1()
        let x = try Self.batch(for: model, count: 3) { scalars, perSample in scalars[2 * perSample + 9] = .nan }
        let error = try #require(throws: NeuralCoreError.self) { try model.forward(x, mode: .inference) }
        guard case .nonFiniteInput(2, 9, _) = error else {
            Issue.record("expected sample 2, element 9, got \(error)")
            return
        }
        // Finite inputs still run.
        let clean = try Self.batch(for: model, count: 3) { _, _ in }
        #expect(try model.forward(clean, mode: .inference).count == 3)
    }

    @Test func finiteInputCheckFindsTheFirstNonFiniteValue() throws {
        #expect(FiniteInputCheck.firstNonFinite(in: try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])) == nil)
        let found = FiniteInputCheck.firstNonFinite(in: try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, .nan, .infinity]))
        #expect(found?.sample == 1 && found?.element == 1 && found?.value.isNaN == true)
    }
}
