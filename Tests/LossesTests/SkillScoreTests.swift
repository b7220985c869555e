import NeuralCore
import Testing
@testable import Losses

@Suite("Skill scores")
struct SkillScoreTests {
    func column(_ values: [Float]) -> Tensor { try! Tensor(shape: [values.count], scalars: values) }

    @Test func countsUseTheThresholdInclusively() throws {
        let p = column([0.5, 0.49, 0.9, 0.1, 0.5, 0.2])
        let y = column([1, 1, 0, 0, 0, 1])
        let m = try ConfusionMatrix(probabilities: p, labels: y)
        #expect(m == ConfusionMatrix(tp: 1, tn: 1, fp: 2, fn: 2))
        let strict = try ConfusionMatrix(probabilities: p, labels: y, threshold: 0.6)
        #expect(strict == ConfusionMatrix(tp: 0, tn: 2, fp: 1, fn: 3))
        // [N, 1] shapes are accepted too.
        let p2 = try p.reshaped([6, 1])
        #expect(try ConfusionMatrix(probabilities: p2, labels: y) == m)
    }

    @Test func scoresByHand() throws {
        let m = ConfusionMatrix(tp: 3, tn: 5, fp: 2, fn: 1)
        func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-12 } ?? false }
        #expect(close(m.recall, 0.75))
        #expect(close(m.precision, 0.6))
        #expect(close(m.specificity, 5.0 / 7))
        #expect(close(m.accuracy, 8.0 / 11))
        #expect(close(m.f1, 2 * 0.6 * 0.75 / 1.35))
        #expect(close(m.value(of: .fBeta(2)), 5 * 0.6 * 0.75 / (4 * 0.6 + 0.75)))
        #expect(close(m.falseAlarmRatio, 0.4))
        #expect(close(m.falsePositiveRate, 2.0 / 7))
        #expect(close(m.criticalSuccessIndex, 0.5))
        #expect(close(m.trueSkillStatistic, 0.75 - 2.0 / 7))
        #expect(close(m.heidkeSkillScore1, 0.25))
        #expect(close(m.heidkeSkillScore2, 26.0 / 59))
    }

    @Test func zeroDenominatorsAreUndefinedOnCounts() {
        let noPositives = ConfusionMatrix(tp: 0, tn: 4, fp: 1, fn: 0)
        #expect(noPositives.recall == nil)
        #expect(noPositives.trueSkillStatistic == nil)
        #expect(noPositives.heidkeSkillScore1 == nil)
        #expect(noPositives.specificity == 0.8)
        let noPredictedPositives = ConfusionMatrix(tp: 0, tn: 4, fp: 0, fn: 2)
        #expect(noPredictedPositives.precision == nil)
        #expect(noPredictedPositives.falseAlarmRatio == nil)
        #expect(noPredictedPositives.f1 == nil)
        #expect(noPredictedPositives.recall == 0)
        #expect(ConfusionMatrix(tp: 0, tn: 0, fp: 0, fn: 0).accuracy == nil)
    }

    @Test func badInputIsATypedError() {
        #expect(throws: LossesError.self) {
            try ConfusionMatrix(probabilities: column([0.5, 0.1]), labels: column([1]))
        }
        #expect(throws: LossesError.invalidValue(what: "prediction", index: 1, value: 1.5)) {
            try ConfusionMatrix(probabilities: column([0.5, 1.5]), labels: column([1, 0]))
        }
        #expect(throws: LossesError.self) {
            try ConfusionMatrix(probabilities: column([0.5, .nan]), labels: column([1, 0]))
        }
    }

    @Test func shortNamesParse() {
        #expect(SkillScore(shortName: "tss") == .trueSkillStatistic)
        #expect(SkillScore(shortName: "HSS") == .heidkeSkillScore2)
        #expect(SkillScore(shortName: "f0.5") == .fBeta(0.5))
        #expect(SkillScore(shortName: "nonsense") == nil)
        #expect(SkillScore(shortName: "f-1") == nil)
    }
}
