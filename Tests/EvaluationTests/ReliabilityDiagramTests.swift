import Foundation
import Testing

@testable import Evaluation

@Suite("Reliability diagram and equal-width bins")
struct ReliabilityDiagramTests {
    @Test func handBuiltBinsWithEdgesAndEmptyBins() throws {
        let p = [0.0, 0.05, 0.1, 0.3, 0.3999, 0.95, 1.0]
        let y = [0.0, 1, 0, 1, 0, 1, 1]
        let diagram = try ReliabilityDiagram(probabilities: p, labels: y)
        #expect(diagram.bins.count == 10)
        #expect(diagram.bins.map(\.count) == [2, 1, 0, 2, 0, 0, 0, 0, 0, 2])
        #expect(diagram.bins[0].meanPrediction == 0.025)
        #expect(diagram.bins[0].observedFrequency == 0.5)
        #expect(diagram.bins[1].meanPrediction == 0.1 && diagram.bins[1].observedFrequency == 0)
        #expect(diagram.bins[2].isEmpty && diagram.bins[2].meanPrediction == nil && diagram.bins[2].observedFrequency == nil)
        #expect(isClose(diagram.bins[3].meanPrediction, (0.3 + 0.3999) / 2))
        #expect(diagram.bins[3].observedFrequency == 0.5)
        #expect(isClose(diagram.bins[9].meanPrediction, 0.975) && diagram.bins[9].observedFrequency == 1)
        #expect(diagram.bins[9].upper == 1 && diagram.bins[3].lower == 0.3)
    }

    @Test func matchesTheFixture() throws {
        for fixture in try EvaluationFixtures.cases("probabilistic_cases.json") {
            let name = fixture["name"] as? String ?? "?"
            let diagram = try ReliabilityDiagram(
                probabilities: try fixtureNumbers(fixture["probabilities"]), labels: try fixtureNumbers(fixture["labels"]))
            let expected = try #require(fixture["reliability"] as? [[String: Any]])
            #expect(diagram.bins.count == expected.count)
            for (bin, reference) in zip(diagram.bins, expected) {
                #expect(bin.count == (reference["count"] as? Int), "\(name) bin \(bin.lower)")
                #expect(bin.lower == fixtureNumber(reference["lower"]) && bin.upper == fixtureNumber(reference["upper"]))
                #expect(isClose(bin.meanPrediction, fixtureNumber(reference["mean_prediction"])), "\(name) bin \(bin.lower)")
                #expect(isClose(bin.observedFrequency, fixtureNumber(reference["observed_frequency"])), "\(name)")
            }
        }
    }

    @Test func equalWidthBinsPlaceEdgesInTheUpperBin() throws {
        let bins = try EqualWidthBins(lower: 0, upper: 1, count: 10)
        for k in 0..<10 {
            let edge = Double(k) / 10
            #expect(bins.edge(k) == edge)
            #expect(bins.index(of: edge) == k, "edge \(edge)")
            #expect(bins.index(of: edge.nextDown) == (k == 0 ? nil : k - 1), "just below \(edge)")
        }
        #expect(bins.index(of: 1) == 9)
        #expect(bins.index(of: 1.0.nextUp) == nil && bins.index(of: -0.01) == nil && bins.index(of: .nan) == nil)
        let hours = try EqualWidthBins(lower: -72, upper: 72, width: 1)
        #expect(hours.count == 144)
        #expect(hours.index(of: -72) == 0 && hours.index(of: -71) == 1 && hours.index(of: -24) == 48 && hours.index(of: 72) == 143)
        #expect(throws: EvaluationError.self) { try EqualWidthBins(lower: 0, upper: 1, width: 0.3) }
        #expect(throws: EvaluationError.self) { try EqualWidthBins(lower: 1, upper: 1, count: 3) }
    }
}
