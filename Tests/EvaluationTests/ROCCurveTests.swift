import Foundation
import Testing

@testable import Evaluation

@Suite("ROC curve and AUC")
struct ROCCurveTests {
    /// The Mann-Whitney statistic over every positive-negative pair: 1 when the positive is
    /// ranked higher, 1/2 on a tie.
    static func mannWhitney(_ p: [Double], _ y: [Double]) -> Double {
        let positives = zip(p, y).filter { $0.1 == 1 }.map(\.0)
        let negatives = zip(p, y).filter { $0.1 == 0 }.map(\.0)
        var u = 0.0
        for a in positives {
            for b in negatives { u += a > b ? 1 : (a == b ? 0.5 : 0) }
        }
        return u / Double(positives.count * negatives.count)
    }

    @Test func aucEqualsTheMannWhitneyStatisticWithTies() throws {
        for seed in [3, 4, 5] as [UInt64] {
            let (p, y) = ThresholdSearchTests.forecasts(count: 200, seed: seed)
            let coarse = p.map { ($0 * 10).rounded() / 10 }   // heavy ties
            for values in [p, coarse] {
                let auc = try #require(try ROCCurve(probabilities: values, labels: y).auc)
                #expect(isClose(auc, Self.mannWhitney(values, y), tolerance: 1e-12))
            }
        }
    }

    @Test func documentedExample() throws {
        let roc = try ROCCurve(probabilities: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1])
        #expect(roc.auc == 0.75)
        #expect(roc.points.map(\.falsePositiveRate) == [0, 0, 0.5, 0.5, 1])
        #expect(roc.points.map(\.truePositiveRate) == [0, 0.5, 0.5, 1, 1])
        #expect(roc.points.map(\.threshold) == [nil, 0.8, 0.4, 0.35, 0.1])
    }

    @Test func matchesScikitLearn() throws {
        for fixture in try EvaluationFixtures.cases("probabilistic_cases.json") {
            let name = fixture["name"] as? String ?? "?"
            let p = try fixtureNumbers(fixture["probabilities"]), y = try fixtureNumbers(fixture["labels"])
            let roc = try ROCCurve(probabilities: p, labels: y)
            #expect(isClose(roc.auc, fixtureNumber(fixture["auc"])), "\(name): auc \(roc.auc ?? .nan)")
            guard let reference = fixture["roc"] as? [String: Any] else {
                #expect(roc.points.isEmpty, "\(name): one class, so no curve")
                continue
            }
            let fpr = try fixtureNumbers(reference["fpr"]), tpr = try fixtureNumbers(reference["tpr"])
            let thresholds = try #require(reference["thresholds"] as? [Any]).map(fixtureNumber)
            #expect(roc.points.count == fpr.count, "\(name)")
            for (k, point) in roc.points.enumerated() where k < fpr.count {
                #expect(isClose(point.falsePositiveRate, fpr[k]) && isClose(point.truePositiveRate, tpr[k]), "\(name) point \(k)")
                #expect(point.threshold == thresholds[k], "\(name) threshold \(k)")
            }
        }
    }

    @Test func oneClassGivesNoCurve() throws {
        let roc = try ROCCurve(probabilities: [0.2, 0.9, 0.4], labels: [1, 1, 1])
        #expect(roc.points.isEmpty)
        #expect(roc.auc == nil)
        #expect(roc.positives == 3 && roc.negatives == 0)
    }

    @Test func badInputThrows() {
        #expect(throws: EvaluationError.self) { try ROCCurve(probabilities: [], labels: []) }
        #expect(throws: EvaluationError.self) { try ROCCurve(probabilities: [1.2, 0.1], labels: [1, 0]) }
        #expect(throws: EvaluationError.self) { try ROCCurve(probabilities: [0.2, 0.1], labels: [2, 0]) }
    }
}
