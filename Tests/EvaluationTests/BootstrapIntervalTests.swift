import Foundation
import Losses
import NeuralCore
import Testing

@testable import Evaluation

@Suite("Bootstrap confidence intervals")
struct BootstrapIntervalTests {
    static let values = [0.62, 0.55, 0.71, 0.58, 0.66, 0.60, 0.69, 0.57, 0.64, 0.61]

    @Test func sameSeedSameIntervalOtherSeedOther() throws {
        let a = try BootstrapInterval.mean(of: Self.values, configuration: .init(resamples: 500, seed: 11))
        let b = try BootstrapInterval.mean(of: Self.values, configuration: .init(resamples: 500, seed: 11))
        let c = try BootstrapInterval.mean(of: Self.values, configuration: .init(resamples: 500, seed: 12))
        #expect(a == b)
        #expect(a.lower != c.lower || a.upper != c.upper)
        #expect(a.estimate == Self.values.reduce(0, +) / 10)
        #expect(a.lower < a.estimate! && a.estimate! < a.upper)
        #expect(a.lower >= Self.values.min()! && a.upper <= Self.values.max()!)
    }

    @Test func percentileMethodOnRecordedResamples() throws {
        // Record the resamples the statistic sees, recompute their means and take the
        // 2.5 and 97.5 percentiles with the textbook type-7 formula.
        var means: [Double] = []
        let interval = try BootstrapInterval.resampling(count: Self.values.count, configuration: .init(resamples: 300, seed: 5)) {
            let mean = $0.map { Self.values[$0] }.reduce(0, +) / Double($0.count)
            means.append(mean)
            return mean
        }
        let resampled = Array(means.dropFirst())   // the first call is the original sample
        #expect(resampled.count == 300)
        #expect(isClose(interval.lower, SummaryStatisticsTests.textbookQuantile(resampled, 0.025)))
        #expect(isClose(interval.upper, SummaryStatisticsTests.textbookQuantile(resampled, 0.975)))
    }

    @Test func levelWidensTheInterval() throws {
        let narrow = try BootstrapInterval.mean(of: Self.values, configuration: .init(resamples: 400, level: 0.5, seed: 3))
        let wide = try BootstrapInterval.mean(of: Self.values, configuration: .init(resamples: 400, level: 0.99, seed: 3))
        #expect(wide.lower <= narrow.lower && wide.upper >= narrow.upper)
        let constant = try BootstrapInterval.mean(of: [0.4, 0.4, 0.4], configuration: .init(seed: 1))
        #expect(isClose(constant.lower, 0.4, tolerance: 1e-15) && isClose(constant.upper, 0.4, tolerance: 1e-15))
    }

    @Test func scoreOverSamplesCountsUndefinedResamples() throws {
        // One positive among ten: many resamples miss it and their TSS is undefined.
        let p = [0.9, 0.1, 0.2, 0.3, 0.6, 0.1, 0.2, 0.4, 0.3, 0.2]
        let y: [Double] = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let interval = try BootstrapInterval.score(
            .trueSkillStatistic, probabilities: p, labels: y, configuration: .init(resamples: 200, seed: 8))
        #expect(interval.undefinedResamples > 0 && interval.undefinedResamples < 200)
        #expect(isClose(interval.estimate, 1 + 8.0 / 9 - 1))
        #expect(interval.upper <= 1)
        let again = try BootstrapInterval.score(
            .trueSkillStatistic, probabilities: p, labels: y, configuration: .init(resamples: 200, seed: 8))
        #expect(interval == again)
    }

    @Test func badParametersThrow() {
        #expect(throws: EvaluationError.self) { try BootstrapInterval.mean(of: [], configuration: .init(seed: 1)) }
        #expect(throws: EvaluationError.self) { try BootstrapInterval.mean(of: [1], configuration: .init(resamples: 0, seed: 1)) }
        #expect(throws: EvaluationError.self) { try BootstrapInterval.mean(of: [1], configuration: .init(level: 1, seed: 1)) }
        #expect(throws: EvaluationError.self) {
            try BootstrapInterval.resampling(count: 3, configuration: .init(seed: 1)) { _ in nil }
        }
    }
}
