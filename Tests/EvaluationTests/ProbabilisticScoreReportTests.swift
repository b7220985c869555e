import Foundation
import Losses
import Testing

@testable import Evaluation

@Suite("Probabilistic score report (flarekit score)")
struct ProbabilisticScoreReportTests {
    @Test func combinesTheThresholdedAndThresholdFreeScores() throws {
        let p = [0.1, 0.4, 0.35, 0.8, 0.8, 0.2], y: [Double] = [0, 0, 1, 1, 0, 1]
        let report = try ProbabilisticScoreReport(probabilities: p, labels: y, threshold: 0.3)
        #expect(report.base.confusion == (try ConfusionMatrix(probabilities: p, labels: y, threshold: 0.3)))
        #expect(isClose(report.auc, ROCCurveTests.mannWhitney(p, y)))
        #expect(isClose(report.brier.score, zip(p, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / 6))
        let tss = try #require(report.bestThresholds.first { $0.key == "tss" }?.best)
        let brute = try #require(ThresholdSearchTests.bruteForce(.trueSkillStatistic, thresholds: Array(Set(p)).sorted(), p: p, y: y))
        #expect(tss.threshold == brute.0 && tss.value == brute.1)
        let object = report.jsonObject
        #expect(Set(object.keys) == ["threshold", "confusion", "scores", "sol", "auc", "brier", "bss", "best_threshold"])
        #expect(object["threshold"] as? Double == 0.3)
    }

    @Test func badInputKeepsTheScoreReportErrors() {
        #expect(throws: LossesError.self) { try ProbabilisticScoreReport(probabilities: [0.2, 0.3], labels: [1]) }
        #expect(throws: LossesError.self) { try ProbabilisticScoreReport(probabilities: [0.2], labels: [3]) }
    }
}
