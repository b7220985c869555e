import Testing
@testable import Evaluation

@Suite("Summary statistics as text")
struct SummaryStatisticsFormatTests {
    @Test("Mean ± std, and no invented ± 0.000 for a single value")
    func meanAndDeviation() throws {
        #expect(try SummaryStatistics([0.5, 0.7]).meanAndDeviation == "0.600 ± 0.141")
        #expect(try SummaryStatistics([0.25]).meanAndDeviation == "0.250 (1 value)")
        #expect(try SummaryStatistics([0.25, nil]).meanAndDeviation == "0.250 (1 value)")
    }
}
