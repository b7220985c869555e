import Datasets
import Foundation
import Losses
import Testing

@testable import Evaluation

@Suite("Per-class rates and class exclusion (Guastavino Figs. 4-5)")
struct ClassRatesTests {
    // 2 X (both predicted 1), 3 M (2 predicted 1), 4 C (1 predicted 1), 2 NO1 (both 0),
    // 2 NO2 (one 0), 3 NO3 (one 0), 1 NO4 (predicted 1).
    static let classes: [SampleClass] = [
        .X, .X, .M, .M, .M, .C, .C, .C, .C, .NO1, .NO1, .NO2, .NO2, .NO3, .NO3, .NO3, .NO4,
    ]
    static let predicted: [Bool] = [
        true, true, true, true, false, true, false, false, false, false, false, false, true, true, true, false, true,
    ]

    @Test func c1TaskRates() throws {
        let rates = try ClassRates(task: .c1, classes: Self.classes, predictedPositive: Self.predicted)
        let expected: [SampleClass: (ClassRates.Kind, Int, Int)] = [
            .X: (.truePositiveRate, 2, 2), .M: (.truePositiveRate, 3, 2), .C: (.truePositiveRate, 4, 1),
            .NO1: (.trueNegativeRate, 2, 2), .NO2: (.trueNegativeRate, 2, 1), .NO3: (.trueNegativeRate, 3, 1),
            .NO4: (.trueNegativeRate, 1, 0),
        ]
        #expect(rates.entries.map(\.sampleClass) == SampleClass.allCases)
        for entry in rates.entries {
            let (kind, count, correct) = try #require(expected[entry.sampleClass])
            #expect(entry.kind == kind && entry.count == count && entry.correct == correct, "\(entry.sampleClass)")
            #expect(entry.rate == Double(correct) / Double(count))
        }
    }

    @Test func m1TaskCountsCAsNegative() throws {
        let rates = try ClassRates(task: .m1, classes: Self.classes, predictedPositive: Self.predicted)
        let c = try #require(rates.entry(for: .C))
        #expect(c.kind == .trueNegativeRate)
        #expect(c.correct == 3 && c.rate == 0.75)          // three of four C samples predicted 0
        #expect(rates.entry(for: .M)?.kind == .truePositiveRate)
    }

    @Test func missingClassHasNoRate() throws {
        let rates = try ClassRates(task: .c1, classes: [.X, .NO1], probabilities: [0.7, 0.2], threshold: 0.5)
        #expect(rates.entry(for: .M)?.count == 0 && rates.entry(for: .M)?.rate == nil)
        #expect(rates.entry(for: .X)?.rate == 1 && rates.entry(for: .NO1)?.rate == 1)
        #expect(throws: EvaluationError.self) { try ClassRates(task: .c1, classes: [.X], predictedPositive: []) }
    }

    @Test func ratesAcrossRealisations() throws {
        let first = try ClassRates(task: .c1, classes: [.X, .C, .NO1], predictedPositive: [true, false, false])
        let second = try ClassRates(task: .c1, classes: [.X, .X, .C, .C], predictedPositive: [true, false, true, true])
        let spread = try ClassRatesAcrossRealisations([first, second])
        #expect(spread.row(for: .X)?.rates == [1, 0.5])
        #expect(spread.row(for: .C)?.rates == [0, 1])
        #expect(spread.row(for: .NO1)?.rates == [1, nil])
        #expect(spread.row(for: .NO1)?.summary?.count == 1)
        #expect(spread.row(for: .M)?.summary == nil)
        #expect(spread.row(for: .X)?.summary?.mean == 0.75)
        let other = try ClassRates(task: .m1, classes: [.X], predictedPositive: [true])
        #expect(throws: EvaluationError.self) { try ClassRatesAcrossRealisations([first, other]) }
    }

    /// TSS of the samples not in `excluded`, counted by hand from the lists above.
    static func tss(task: FlareTask, excluding excluded: Set<SampleClass>) -> Double {
        var tp = 0.0, fn = 0.0, tn = 0.0, fp = 0.0
        for (c, p) in zip(classes, predicted) where !excluded.contains(c) {
            let positive = task == .c1 ? [SampleClass.X, .M, .C].contains(c) : [SampleClass.X, .M].contains(c)
            if positive { if p { tp += 1 } else { fn += 1 } } else { if p { fp += 1 } else { tn += 1 } }
        }
        return tp / (tp + fn) + tn / (tn + fp) - 1
    }

    @Test func figure5CumulativeExclusions() throws {
        #expect(ClassExclusionScores.figure5Exclusions(for: .c1) == [[], [.NO3], [.NO3, .NO4], [.NO3, .NO4, .NO2]])
        #expect(ClassExclusionScores.figure5Exclusions(for: .m1).last == [.NO3, .NO4, .NO2, .C])
        for task in [FlareTask.c1, .m1] {
            let scores = try ClassExclusionScores(task: task, classes: Self.classes, predictedPositive: Self.predicted)
            #expect(scores.steps.count == (task == .c1 ? 4 : 5))
            for step in scores.steps {
                #expect(isClose(step.value, Self.tss(task: task, excluding: Set(step.excluded))), "\(task) \(step.excluded)")
            }
        }
        // Hand check, C1+ with nothing excluded: TP 5, FN 4, TN 4, FP 4 -> 5/9 + 4/8 - 1.
        let c1 = try ClassExclusionScores(task: .c1, classes: Self.classes, predictedPositive: Self.predicted)
        #expect(c1.steps[0].confusion == ConfusionMatrix(tp: 5, tn: 4, fp: 4, fn: 4))
        // M1+ without NO3, NO4, NO2 and C: X and M (TP 4, FN 1) against NO1 (TN 2, FP 0).
        let m1 = try ClassExclusionScores(task: .m1, classes: Self.classes, predictedPositive: Self.predicted)
        #expect(m1.steps[4].confusion == ConfusionMatrix(tp: 4, tn: 2, fp: 0, fn: 1))
        #expect(isClose(m1.steps[4].value, 0.8))
    }

    @Test func exclusionLeavingOneClassIsUndefined() throws {
        let scores = try ClassExclusionScores(
            task: .c1, classes: [.X, .NO3], predictedPositive: [true, true], exclusions: [[.NO3]])
        #expect(scores.steps[0].value == nil)
        // The undefined score is written as JSON null, beside the counts it comes from.
        let steps = try #require(scores.jsonObject["steps"] as? [[String: Any]])
        #expect(steps.count == 1)
        #expect(steps[0]["value"] is NSNull)
        #expect(steps[0]["excluded"] as? [String] == ["NO3"])
        let confusion = try #require(steps[0]["confusion"] as? [String: Any])
        #expect(confusion["tp"] as? Int == 1 && confusion["fp"] as? Int == 0)
        #expect(confusion["tn"] as? Int == 0 && confusion["fn"] as? Int == 0)
        let row = try #require(scores.csv().split(separator: "\n").last).split(separator: ",", omittingEmptySubsequences: false)
        #expect(row.count == 8 && row[2] == "NO3" && row[7].isEmpty)    // the value column is left empty
    }
}
