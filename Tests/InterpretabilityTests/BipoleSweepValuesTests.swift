import Foundation
import Testing

@testable import Interpretability

@Suite("Bipole sweep values from text")
struct BipoleSweepValuesTests {
    @Test func rangeIncludesStopAndStepsFromStart() throws {
        #expect(try BipoleSweepValues.parse("1:3:0.5") == [1, 1.5, 2, 2.5, 3])
        #expect(try BipoleSweepValues.parse("0:1:0.1").count == 11)      // 0.1 is inexact; 1 still included
        #expect(try BipoleSweepValues.parse("2:2:1") == [2])
        #expect(try BipoleSweepValues.parse("1:2.9:1") == [1, 2])        // STOP not on a step
    }

    @Test func listKeepsItsOrder() throws {
        #expect(try BipoleSweepValues.parse("500, 1000,250") == [500, 1000, 250])
        #expect(try BipoleSweepValues.parse("7") == [7])
    }

    @Test(arguments: ["", "1:2", "1:2:0", "3:1:1", "1:2:-1", "a,b", "1,,2", "nan", "1:inf:1", "0:1e9:1e-3"])
    func badTextIsAnError(_ text: String) {
        #expect(throws: InterpretabilityError.self) { try BipoleSweepValues.parse(text) }
    }
}
