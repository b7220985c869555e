import Foundation
import NeuralCore
import Testing
@testable import Losses

@Suite("Losses")
struct LossFunctionTests {
    func column(_ values: [Float]) -> Tensor { try! Tensor(shape: [values.count], scalars: values) }

    /// Checks a loss's gradient against central differences of its value.
    func expectGradient(
        _ loss: any Loss, predictions: Tensor, labels: Tensor, step: Float = 1e-3,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let analytic = try loss.valueAndGradient(predictions: predictions, labels: labels).gradient
        let result = try GradientCheck.compare(
            name: loss.name, function: { try loss.valueAndGradient(predictions: $0, labels: labels).value },
            at: predictions, analytic: analytic, step: step)
        #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
    }

    static let probabilities: [Float] = [0.9, 0.2, 0.65, 0.35, 0.8, 0.1, 0.45, 0.7]
    static let labels: [Float] = [1, 0, 1, 0, 0, 0, 1, 1]

    @Test func weightedCrossEntropyByHand() throws {
        let loss = try WeightedBinaryCrossEntropy(positiveWeight: 4.5)
        let (value, _) = try loss.valueAndGradient(predictions: column([0.8, 0.3]), labels: column([1, 0]))
        #expect(abs(value - (-(4.5 * log(0.8) + log(0.7)) / 2)) < 1e-7)
        try expectGradient(loss, predictions: column(Self.probabilities), labels: column(Self.labels))
    }

    @Test func weightedCrossEntropyClipsLikeKeras() throws {
        let loss = try WeightedBinaryCrossEntropy()
        let (value, gradient) = try loss.valueAndGradient(predictions: column([0, 1]), labels: column([1, 0]))
        #expect(abs(value - (-(4.5 * log(1e-7) + log(1e-7)) / 2)) < 1e-6)
        #expect(gradient.scalars == [0, 0])
        #expect(value.isFinite)
    }

    @Test func logitVariantMatchesTheProbabilityOne() throws {
        let logits: [Float] = [2.2, -1.4, 0.6, -0.6, 1.4, -2.2, -0.2, 0.85]
        let probabilities = logits.map { 1 / (1 + exp(-$0)) }
        let onLogits = try WeightedBinaryCrossEntropyWithLogits(positiveWeight: 3)
        let onProbabilities = try WeightedBinaryCrossEntropy(positiveWeight: 3)
        let a = try onLogits.valueAndGradient(predictions: column(logits), labels: column(Self.labels)).value
        let b = try onProbabilities.valueAndGradient(predictions: column(probabilities), labels: column(Self.labels)).value
        #expect(abs(a - b) < 1e-6)
        try expectGradient(onLogits, predictions: column(logits), labels: column(Self.labels))
        // Stable far out: no overflow, finite gradient.
        let extreme = try onLogits.valueAndGradient(predictions: column([500, -500]), labels: column([0, 1]))
        #expect(abs(extreme.value - (500 + 3 * 500) / 2) < 1e-9)
        #expect(extreme.gradient.isFinite)
    }

    @Test func sampleWeightsScaleEachTerm() throws {
        let loss = try WeightedBinaryCrossEntropy(positiveWeight: 1)
        let p = column([0.8, 0.3]), y = column([1, 0])
        let weighted = try loss.valueAndGradient(predictions: p, labels: y, sampleWeights: [2, 0]).value
        #expect(abs(weighted - (-2 * log(0.8) / 2)) < 1e-7)
    }

    @Test func cnn1LossByHand() throws {
        let p = column([0.9, 0.3, 0.7, 0.2]), y = column([1, 1, 0, 0])
        // Thresholded at 0.5: tp 1, fn 1, fp 1, tn 1, so TSS = 0, HSS2 = 0, C = 2/2 = 1, lambda = 1.
        let loss = CNN1CustomLoss()
        #expect(try loss.lambda(predictions: p, labels: y) == 1)
        let (value, _) = try loss.valueAndGradient(predictions: p, labels: y)
        let expected = (0.01 + 0.49) / 2 + (0.49 + 0.04) / 2
        #expect(abs(value - expected) < 1e-6)
        // An imbalanced batch: 1 flaring, 3 nonflaring, all right: TSS 1, HSS 1, lambda = 3 e^2.
        let p2 = column([0.8, 0.1, 0.2, 0.3]), y2 = column([1, 0, 0, 0])
        #expect(abs(try loss.lambda(predictions: p2, labels: y2) - 3 * exp(2.0)) < 1e-9)
        // Predictions away from 0.5, so finite differences do not move lambda.
        try expectGradient(loss, predictions: column(Self.probabilities.map { $0 == 0.45 ? 0.4 : $0 }), labels: column(Self.labels))
    }

    @Test func cnn1LossWithOneClassMissing() throws {
        let loss = CNN1CustomLoss()
        // No flaring samples: only the nonflaring mean square remains.
        let (noFlares, _) = try loss.valueAndGradient(predictions: column([0.2, 0.6]), labels: column([0, 0]))
        #expect(abs(noFlares - (0.04 + 0.36) / 2) < 1e-6)
        // No nonflaring samples: C_batch = 0, so lambda and the loss are 0.
        let (noQuiet, gradient) = try loss.valueAndGradient(predictions: column([0.2, 0.6]), labels: column([1, 1]))
        #expect(noQuiet == 0)
        #expect(gradient.scalars == [0, 0])
    }

    @Test("SOL gradients", arguments: SkillScore.lossScores.map(\.score) + [.fBeta(2)])
    func scoreOrientedGradients(score: SkillScore) throws {
        let cosine = try ThresholdDistribution.cosine(mu: 0.5, delta: 0.3)
        for distribution in [ThresholdDistribution.uniform, cosine] {
            let loss = ScoreOrientedLoss(score: score, distribution: distribution)
            try expectGradient(loss, predictions: column(Self.probabilities), labels: column(Self.labels))
        }
    }

    @Test func solValuesByHand() throws {
        let p = column([0.9, 0.2, 0.6, 0.3]), y = column([1, 0, 1, 0])
        // Uniform: E[TP] = 1.5, E[FN] = 0.5, E[FP] = 0.5, E[TN] = 1.5.
        let tss = ScoreOrientedLoss(score: .trueSkillStatistic)
        #expect(abs(try tss.valueAndGradient(predictions: p, labels: y).value - (1 - (0.75 + 0.75 - 1))) < 1e-7)
        let hss2 = ScoreOrientedLoss(score: .heidkeSkillScore2)
        let expectedHSS = 2 * (1.5 * 1.5 - 0.25) / (2.0 * 2 + 2 * 2)
        #expect(abs(try hss2.valueAndGradient(predictions: p, labels: y).value - (1 - expectedHSS)) < 1e-7)
        let csi = ScoreOrientedLoss(score: .criticalSuccessIndex)
        #expect(abs(try csi.valueAndGradient(predictions: p, labels: y).value - (1 - 1.5 / 2.5)) < 1e-7)
    }

    @Test func solWithOneClassMissingDividesByZeroAsZero() throws {
        // No positives: recall's denominator is 0, so recall counts as 0 and
        // TSS = 0 + specificity - 1; specificity = E[TN] / (E[TN] + E[FP]) = 1.2 / 2.
        let p = column([0.3, 0.5]), y = column([0, 0])
        let tss = ScoreOrientedLoss(score: .trueSkillStatistic)
        #expect(abs(try tss.valueAndGradient(predictions: p, labels: y).value - (1 - (0.6 - 1))) < 1e-7)
        // No negatives: specificity counts as 0; recall = E[TP] / 2 = 0.4.
        let positives = try tss.valueAndGradient(predictions: p, labels: column([1, 1]))
        #expect(abs(positives.value - (1 - (0.4 - 1))) < 1e-7)
        #expect(positives.gradient.isFinite)
        try expectGradient(tss, predictions: p, labels: column([1, 1]))
    }

    @Test func cosineDistribution() throws {
        let cosine = try ThresholdDistribution.cosine(mu: 0.5, delta: 0.1)
        #expect(cosine.cumulative(0.3) == 0)
        #expect(cosine.cumulative(0.7) == 1)
        #expect(abs(cosine.cumulative(0.5) - 0.5) < 1e-12)
        #expect(abs(cosine.cumulative(0.55) - 0.5 * (1 + 0.5 + sin(Double.pi * 0.5) / Double.pi)) < 1e-12)
        #expect(throws: LossesError.self) { try ThresholdDistribution.cosine(mu: 0.5, delta: 0) }
        #expect(throws: LossesError.self) { try ThresholdDistribution.cosine(mu: 0.5, delta: -0.1) }
    }
}
