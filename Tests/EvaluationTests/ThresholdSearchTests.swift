import Foundation
import Losses
import Testing

@testable import Evaluation

@Suite("Threshold search")
struct ThresholdSearchTests {
    /// Forecasts with many ties (two decimals) and both classes.
    static func forecasts(count: Int, seed: UInt64) -> (p: [Double], y: [Double]) {
        var generator = TestDataGenerator(state: seed)
        var p: [Double] = [], y: [Double] = []
        for _ in 0..<count {
            let label: Double = generator.uniform() < 0.3 ? 1 : 0
            p.append(((0.3 * label + 0.7 * generator.uniform()) * 100).rounded() / 100)
            y.append(label)
        }
        return (p, y)
    }

    /// Brute force: every distinct prediction ascending, counting the matrix with a plain loop;
    /// keeps the first (smallest) threshold reaching the maximum.
    static func bruteForce(_ score: SkillScore, thresholds: [Double], p: [Double], y: [Double]) -> (Double, Double)? {
        var best: (Double, Double)?
        for t in thresholds {
            var tp = 0, tn = 0, fp = 0, fn = 0
            for (pi, yi) in zip(p, y) {
                if pi >= t { if yi == 1 { tp += 1 } else { fp += 1 } } else { if yi == 1 { fn += 1 } else { tn += 1 } }
            }
            guard let value = ConfusionMatrix(tp: tp, tn: tn, fp: fp, fn: fn).value(of: score) else { continue }
            if best == nil || value > best!.1 { best = (t, value) }
        }
        return best
    }

    @Test(arguments: [SkillScore.trueSkillStatistic, .heidkeSkillScore2, .f1, .criticalSuccessIndex, .accuracy])
    func distinctPredictionsMatchBruteForce(score: SkillScore) throws {
        for seed in [1, 2, 3] as [UInt64] {
            let (p, y) = Self.forecasts(count: 150, seed: seed)
            let thresholds = Array(Set(p)).sorted()
            let expected = try #require(Self.bruteForce(score, thresholds: thresholds, p: p, y: y))
            let best = try #require(try ThresholdSearch(score: score).best(probabilities: p, labels: y))
            #expect(best.threshold == expected.0)
            #expect(best.value == expected.1)
            #expect(best.confusion == (try ConfusionMatrix(probabilities: p, labels: y, threshold: best.threshold)))
        }
    }

    @Test func gridHasGuastavinosHundredValuesFromMinToMax() throws {
        let (p, y) = Self.forecasts(count: 120, seed: 9)
        let scan = try ThresholdSearch(score: .trueSkillStatistic, candidates: .grid(count: 100))
            .scan(probabilities: p, labels: y)
        let low = try #require(p.min()), high = try #require(p.max())
        #expect(scan.points.count == 100)
        #expect(scan.points.first?.threshold == low)
        #expect(scan.points.last?.threshold == high)
        for (k, point) in scan.points.enumerated() {
            #expect(isClose(point.threshold, low + (high - low) * Double(k) / 99, tolerance: 1e-12))
        }
        let grid = scan.points.map(\.threshold)
        let expected = try #require(Self.bruteForce(.trueSkillStatistic, thresholds: grid, p: p, y: y))
        let best = try #require(scan.best)
        #expect(best.threshold == expected.0 && best.value == expected.1)
    }

    @Test func tiesGoToTheSmallestThreshold() throws {
        // p: 0.1 (neg), 0.4 (pos), 0.6 (neg), 0.8 (pos). TSS at 0.4: TP 2, FP 1 -> 1 + 0.5 - 1 = 0.5;
        // at 0.8: TP 1, FP 0 -> 0.5 + 1 - 1 = 0.5. Both 0.5: the smaller, 0.4, wins.
        let best = try #require(
            try ThresholdSearch(score: .trueSkillStatistic).best(probabilities: [0.1, 0.4, 0.6, 0.8], labels: [0, 1, 0, 1]))
        #expect(best.threshold == 0.4)
        #expect(best.value == 0.5)
    }

    @Test func undefinedScoresAreSkipped() throws {
        // One class only: the TSS is undefined at every threshold.
        #expect(try ThresholdSearch(score: .trueSkillStatistic).best(probabilities: [0.2, 0.7], labels: [0, 0]) == nil)
        // Precision is undefined where nothing is predicted 1; a threshold above every
        // prediction must be skipped, not counted as 0 or NaN.
        let scan = try ThresholdSearch(score: .precision, candidates: .values([0.95, 0.5, 0.1]))
            .scan(probabilities: [0.2, 0.6, 0.9], labels: [0, 1, 1])
        #expect(scan.points.map(\.threshold) == [0.1, 0.5, 0.95])
        #expect(scan.points[2].value == nil)
        #expect(scan.best?.threshold == 0.5)
        #expect(scan.best?.value == 1)
    }

    @Test func badInputThrows() {
        #expect(throws: EvaluationError.self) { try ThresholdSearch(score: .f1).best(probabilities: [0.2], labels: [1, 0]) }
        #expect(throws: EvaluationError.self) { try ThresholdSearch(score: .f1).best(probabilities: [.nan], labels: [1]) }
        #expect(throws: EvaluationError.self) { try ThresholdSearch(score: .f1).best(probabilities: [0.3], labels: [0.5]) }
        #expect(throws: EvaluationError.self) {
            try ThresholdSearch(score: .f1, candidates: .grid(count: 0)).best(probabilities: [0.3], labels: [1])
        }
    }
}
