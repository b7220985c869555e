import Foundation
import Testing

@testable import Evaluation

@Suite("Flux by model-output bin (Bhattacharjee Fig. 6)")
struct FluxByOutputBinTests {
    @Test func handComputedMeansAndStandardErrors() throws {
        let outputs = [0.0, 0.05, 0.1, 0.95, 1.0, 0.99, 0.5, 0.55]
        let labels: [Double] = [0, 0, 0, 1, 1, 1, 0, 1]
        let flux = [1.0, 3.0, 10.0, 20.0, 30.0, 40.0, 7.0, 8.0]
        let bins = try FluxByOutputBin(outputs: outputs, labels: labels, totalUnsignedFlux: flux)
        #expect(bins.bins.count == 10)
        #expect(bins.bins.map(\.center).enumerated().allSatisfy { isClose($1, 0.05 + 0.1 * Double($0), tolerance: 1e-12) })
        // [0, 0.1): nonflaring 1 and 3 -> mean 2, s = sqrt(2), SE = sqrt(2) / sqrt(2) = 1.
        let first = bins.bins[0]
        #expect(first.nonflaring.count == 2 && first.nonflaring.meanFlux == 2 && isClose(first.nonflaring.standardError, 1))
        #expect(first.flaring.count == 0 && first.flaring.meanFlux == nil && first.flaring.standardError == nil)
        // 0.1 sits in [0.1, 0.2): one sample, no standard error.
        #expect(bins.bins[1].nonflaring.count == 1 && bins.bins[1].nonflaring.meanFlux == 10)
        #expect(bins.bins[1].nonflaring.standardError == nil)
        // [0.9, 1.0] with 1.0: flaring 20, 30, 40 -> mean 30, s = 10, SE = 10 / sqrt(3).
        let last = bins.bins[9]
        #expect(last.flaring.count == 3 && last.flaring.meanFlux == 30)
        #expect(isClose(last.flaring.standardError, 10 / 3.0.squareRoot()))
        // 0.5 and 0.55 both in [0.5, 0.6), one per group.
        #expect(bins.bins[5].nonflaring.meanFlux == 7 && bins.bins[5].flaring.meanFlux == 8)
        #expect(bins.bins[4].flaring.count == 0 && bins.bins[4].nonflaring.count == 0)
        #expect(bins.bins.reduce(0) { $0 + $1.flaring.count + $1.nonflaring.count } == outputs.count)
    }

    @Test func badInputThrows() {
        #expect(throws: EvaluationError.self) { try FluxByOutputBin(outputs: [0.2], labels: [1], totalUnsignedFlux: [-1]) }
        #expect(throws: EvaluationError.self) { try FluxByOutputBin(outputs: [0.2], labels: [1], totalUnsignedFlux: [.nan]) }
        #expect(throws: EvaluationError.self) { try FluxByOutputBin(outputs: [0.2, 0.3], labels: [1, 0], totalUnsignedFlux: [1]) }
        #expect(throws: EvaluationError.self) { try FluxByOutputBin(outputs: [1.3], labels: [1], totalUnsignedFlux: [1]) }
    }
}
