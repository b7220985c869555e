import Testing
@testable import NeuralCore

@Suite("BatchNorm")
struct BatchNormTests {
    @Test func trainingUsesBatchStatisticsAndUpdatesTheMovingOnes() throws {
        let norm = try BatchNorm(features: 1)
        let x = try Tensor(shape: [4, 1], scalars: [1, 2, 3, 4])
        let y = try norm.forward(x, mode: .training)
        // mean 2.5, biased variance 1.25, epsilon 1e-3.
        let deviation = Float((1.25 + 1e-3).squareRoot())
        let expected: [Float] = [1, 2, 3, 4].map { ($0 - 2.5) / deviation }
        #expect(Tensor(validShape: [4, 1], scalars: expected).maximumAbsoluteDifference(y) < 1e-6)
        // moving = 0.99 * initial + 0.01 * batch: mean 0 -> 0.025, variance 1 -> 1.0025.
        #expect(abs(norm.movingMean.value.scalars[0] - 0.025) < 1e-7)
        #expect(abs(norm.movingVariance.value.scalars[0] - 1.0025) < 1e-6)
    }

    @Test func inferenceUsesTheMovingStatistics() throws {
        let norm = try BatchNorm(features: 2)
        norm.movingMean.value = try Tensor(shape: [2], scalars: [1, -1])
        norm.movingVariance.value = try Tensor(shape: [2], scalars: [4, 0.25])
        norm.gamma.value = try Tensor(shape: [2], scalars: [2, 1])
        norm.beta.value = try Tensor(shape: [2], scalars: [0, 10])
        // NCHW: channel 0 holds [3, 5], channel 1 holds [0, 1].
        let x = try Tensor(shape: [1, 2, 1, 2], scalars: [3, 5, 0, 1])
        let y = try norm.forward(x, mode: .inference)
        let s0 = Float((4 + 1e-3).squareRoot()), s1 = Float((0.25 + 1e-3).squareRoot())
        let expected: [Float] = [2 * 2 / s0, 2 * 4 / s0, 1 / s1 + 10, 2 / s1 + 10]
        #expect(Tensor(validShape: [1, 2, 1, 2], scalars: expected).maximumAbsoluteDifference(y) < 1e-5)
        // Inference leaves the moving statistics alone.
        #expect(norm.movingMean.value.scalars == [1, -1])
    }

    @Test func perChannelStatisticsSpanBatchAndPlane() throws {
        let norm = try BatchNorm(features: 2, momentum: 0)
        // Channel 0 values 0, 2, 4, 6 across two images; channel 1 constant 5.
        let x = try Tensor(shape: [2, 2, 1, 2], scalars: [0, 2, 5, 5, 4, 6, 5, 5])
        _ = try norm.forward(x, mode: .training)
        #expect(norm.movingMean.value.scalars == [3, 5])
        #expect(norm.movingVariance.value.scalars == [5, 0])
    }

    @Test func rejectsTheWrongFeatureCount() throws {
        let norm = try BatchNorm(features: 3)
        #expect(throws: NeuralCoreError.self) { try norm.forward(try Tensor(shape: [2, 4]), mode: .training) }
        #expect(throws: NeuralCoreError.self) { try BatchNorm(features: 0) }
    }
}
