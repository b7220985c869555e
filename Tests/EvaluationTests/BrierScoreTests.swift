import Foundation
import Testing

@testable import Evaluation

@Suite("Brier score and skill score")
struct BrierScoreTests {
    @Test func handComputed() throws {
        let brier = try BrierScore(probabilities: [0.9, 0.2, 0.6, 0.1], labels: [1, 0, 0, 0])
        // (0.1^2 + 0.2^2 + 0.6^2 + 0.1^2) / 4 = 0.42 / 4
        #expect(isClose(brier.score, 0.105, tolerance: 1e-15))
        #expect(brier.climatology == 0.25)
        #expect(brier.referenceScore == 0.1875)              // 0.25 * 0.75
        #expect(isClose(brier.skillScore, 1 - 0.105 / 0.1875, tolerance: 1e-15))
        #expect(brier.count == 4)
    }

    @Test func perfectAndClimatologicalForecasts() throws {
        #expect(try BrierScore(probabilities: [1, 0, 1], labels: [1, 0, 1]).skillScore == 1)
        // Forecasting the base rate everywhere has no skill.
        let climatology = try BrierScore(probabilities: [0.25, 0.25, 0.25, 0.25], labels: [1, 0, 0, 0])
        #expect(isClose(climatology.skillScore, 0, tolerance: 1e-15))
    }

    @Test func skillIsUndefinedWhenAllLabelsAreEqual() throws {
        let brier = try BrierScore(probabilities: [0.1, 0.3], labels: [0, 0])
        #expect(isClose(brier.score, (0.01 + 0.09) / 2, tolerance: 1e-15))
        #expect(brier.referenceScore == 0)
        #expect(brier.skillScore == nil)
        let json = brier.jsonObject
        #expect(json["bss"] is NSNull)
    }

    @Test func matchesScikitLearn() throws {
        for fixture in try EvaluationFixtures.cases("probabilistic_cases.json") {
            let name = fixture["name"] as? String ?? "?"
            let brier = try BrierScore(
                probabilities: try fixtureNumbers(fixture["probabilities"]), labels: try fixtureNumbers(fixture["labels"]))
            #expect(isClose(brier.score, fixtureNumber(fixture["brier"]), tolerance: 1e-14), "\(name)")
            #expect(isClose(brier.skillScore, fixtureNumber(fixture["bss"]), tolerance: 1e-12), "\(name)")
        }
    }
}
