import Foundation
import Losses
import Testing

@testable import Evaluation

@Suite("Summary statistics over splits")
struct SummaryStatisticsTests {
    /// Hyndman and Fan type 7 in its textbook one-based form: j = floor(1 + (n - 1) p),
    /// g = 1 + (n - 1) p - j, Q = (1 - g) x_j + g x_(j+1).
    static func textbookQuantile(_ values: [Double], _ p: Double) -> Double {
        let x = values.sorted()
        let position = 1 + Double(x.count - 1) * p
        let j = Int(position.rounded(.down))
        let g = position - Double(j)
        let upper = x[min(j, x.count - 1)]   // x_(j+1) in one-based indexing
        return (1 - g) * x[j - 1] + g * upper
    }

    /// The sample standard deviation by the sum-of-squares formula.
    static func sampleDeviation(_ values: [Double]) -> Double {
        let n = Double(values.count)
        let sum = values.reduce(0, +), squares = values.reduce(0) { $0 + $1 * $1 }
        return ((squares - sum * sum / n) / (n - 1)).squareRoot()
    }

    @Test func recomputedFromPerSplitNumbers() throws {
        let tss = [0.62, 0.55, 0.71, 0.58, 0.66, 0.60, 0.69, 0.57, 0.64, 0.61]
        let summary = try SummaryStatistics(tss)
        #expect(summary.count == 10 && summary.undefinedCount == 0)
        #expect(isClose(summary.mean, tss.reduce(0, +) / 10))
        #expect(isClose(summary.standardDeviation, Self.sampleDeviation(tss), tolerance: 1e-12))
        #expect(summary.minimum == 0.55 && summary.maximum == 0.71)
        #expect(isClose(summary.firstQuartile, Self.textbookQuantile(tss, 0.25)))
        #expect(isClose(summary.median, Self.textbookQuantile(tss, 0.5)))
        #expect(isClose(summary.thirdQuartile, Self.textbookQuantile(tss, 0.75)))
        // Hand check: sorted 0.55 0.57 0.58 0.60 0.61 0.62 0.64 0.66 0.69 0.71; median = (0.61 + 0.62) / 2,
        // Q1 at position 2.25: 0.58 + 0.25 (0.60 - 0.58).
        #expect(isClose(summary.median, 0.615) && isClose(summary.firstQuartile, 0.585))
    }

    @Test func matchesNumpy() throws {
        for fixture in try EvaluationFixtures.cases("summary_cases.json") {
            let name = fixture["name"] as? String ?? "?"
            let summary = try SummaryStatistics(try fixtureNumbers(fixture["values"]))
            #expect(summary.count == fixture["count"] as? Int, "\(name)")
            #expect(isClose(summary.mean, fixtureNumber(fixture["mean"]), tolerance: 1e-14), "\(name) mean")
            #expect(isClose(summary.standardDeviation, fixtureNumber(fixture["std"]), tolerance: 1e-13), "\(name) std")
            #expect(summary.minimum == fixtureNumber(fixture["min"]) && summary.maximum == fixtureNumber(fixture["max"]))
            #expect(isClose(summary.firstQuartile, fixtureNumber(fixture["q1"]), tolerance: 1e-15), "\(name) q1")
            #expect(isClose(summary.median, fixtureNumber(fixture["median"]), tolerance: 1e-15), "\(name) median")
            #expect(isClose(summary.thirdQuartile, fixtureNumber(fixture["q3"]), tolerance: 1e-15), "\(name) q3")
        }
    }

    @Test func undefinedValuesAreLeftOutAndCounted() throws {
        let summary = try SummaryStatistics([0.5, nil, 0.7, nil])
        #expect(summary.count == 2 && summary.undefinedCount == 2)
        #expect(isClose(summary.mean, 0.6))
        #expect(try SummaryStatistics([0.4]).standardDeviation == nil)
        #expect(throws: EvaluationError.self) { try SummaryStatistics([Double?]([nil, nil])) }
        #expect(throws: EvaluationError.self) { try SummaryStatistics([Double]()) }
        #expect(throws: EvaluationError.self) { try SummaryStatistics([0.2, .nan]) }
        #expect(throws: EvaluationError.self) { try SummaryStatistics.quantile([1, 2], 1.5) }
        #expect(try SummaryStatistics.quantile([1, 2, 3, 4], 0.25) == 1.75)
    }

    @Test func scoreTableOverSplitMatrices() throws {
        let splits = [
            ConfusionMatrix(tp: 8, tn: 30, fp: 10, fn: 2),
            ConfusionMatrix(tp: 6, tn: 35, fp: 5, fn: 4),
            ConfusionMatrix(tp: 0, tn: 40, fp: 10, fn: 0),   // no positives: TSS undefined
        ]
        let table = ScoreSummaryTable(confusions: splits, scores: [("tss", .trueSkillStatistic), ("accuracy", .accuracy)])
        let tss = try #require(table.rows[0].summary)
        let first = 8.0 / 10 + 30.0 / 40 - 1, second = 6.0 / 10 + 35.0 / 40 - 1
        #expect(tss.count == 2 && tss.undefinedCount == 1)
        #expect(isClose(tss.mean, (first + second) / 2))
        #expect(isClose(tss.standardDeviation, abs(first - second) / 2.0.squareRoot()))
        #expect(table.rows[1].summary?.count == 3)
        let csv = table.csv().split(separator: "\n")
        #expect(csv.first == "score,count,undefined,mean,std,min,q1,median,q3,max")
        #expect(csv.count == 3 && csv[1].hasPrefix("tss,2,1,"))
    }
}
