import Datasets
import Foundation
import Losses
import Testing

@testable import Evaluation

@Suite("JSON and CSV export of evaluation results")
struct EvaluationExportTests {
    /// Writes a result, reads both files back and checks the JSON keys and CSV shape.
    func roundTrip(
        _ result: some EvaluationExportable, name: String, keys: Set<String>, header: String, rows: Int
    ) throws -> [String: Any] {
        let folder = try temporaryEvaluationFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("\(name).json"), csv = folder.appendingPathComponent("\(name).csv")
        try result.write(json: json, csv: csv)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        #expect(Set(object.keys) == keys, "\(name)")
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first.map(String.init) == header, "\(name)")
        #expect(lines.count == rows + 2, "\(name): header, \(rows) rows, final newline")
        #expect(lines.last == "")
        let columns = header.split(separator: ",").count
        for line in lines.dropFirst().dropLast() {
            #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == columns, "\(name): \(line)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "no temporary files left")
        return object
    }

    @Test func everyResultWritesJSONAndCSV() throws {
        let p = [0.1, 0.4, 0.35, 0.8, 0.8, 0.2], y: [Double] = [0, 0, 1, 1, 0, 1]
        let roc = try roundTrip(try ROCCurve(probabilities: p, labels: y), name: "roc",
                                keys: ["auc", "positives", "negatives", "points"], header: "threshold,fpr,tpr", rows: 6)
        let points = try #require(roc["points"] as? [[String: Any]])
        #expect(points[0]["threshold"] is NSNull && points[1]["threshold"] as? Double == 0.8)
        _ = try roundTrip(try BrierScore(probabilities: p, labels: y), name: "brier",
                          keys: ["brier", "bss", "climatology", "reference_brier", "count"],
                          header: "brier,bss,climatology,reference_brier,count", rows: 1)
        let reliability = try roundTrip(
            try ReliabilityDiagram(probabilities: p, labels: y), name: "reliability", keys: ["bins"],
            header: "lower,upper,count,empty,mean_prediction,observed_frequency", rows: 10)
        let bins = try #require(reliability["bins"] as? [[String: Any]])
        #expect(bins[5]["mean_prediction"] is NSNull && bins[5]["empty"] as? Bool == true)
        _ = try roundTrip(try ThresholdSearch(score: .trueSkillStatistic).scan(probabilities: p, labels: y), name: "scan",
                          keys: ["score", "candidates", "best", "points"], header: "threshold,value,tp,tn,fp,fn", rows: 5)
        _ = try roundTrip(try SummaryStatistics([0.4, 0.5, 0.7]), name: "summary", keys: Set(SummaryStatistics.keys),
                          header: SummaryStatistics.keys.joined(separator: ","), rows: 1)
        _ = try roundTrip(try BootstrapInterval.mean(of: [0.4, 0.5, 0.7], configuration: .init(resamples: 50, seed: 1)),
                          name: "bootstrap",
                          keys: ["estimate", "lower", "upper", "level", "resamples", "seed", "undefined_resamples", "method"],
                          header: "estimate,lower,upper,level,resamples,seed,undefined_resamples", rows: 1)
        let classes: [SampleClass] = [.X, .C, .NO1, .NO3]
        let predicted = [true, false, false, true]
        _ = try roundTrip(try ClassRates(task: .m1, classes: classes, predictedPositive: predicted), name: "rates",
                          keys: ["task", "classes"], header: "task,class,kind,count,correct,rate", rows: 7)
        _ = try roundTrip(try ClassExclusionScores(task: .m1, classes: classes, predictedPositive: predicted),
                          name: "exclusion", keys: ["task", "score", "steps"],
                          header: "task,score,excluded,tp,tn,fp,fn,value", rows: 5)
        let samples = [FlareTimedPrediction(timeRelativeToFlare: -24, isFlaring: true, predictedFlaring: true)]
        let curve = RecallVersusTimeToFlare(samples: samples)
        _ = try roundTrip(curve, name: "recall", keys: ["unbinned_flaring", "bins"],
                          header: "lower,upper,center,tp,fn,count,recall", rows: 144)
        _ = try roundTrip(try RecallAcrossModels([curve, curve]), name: "recall_models", keys: ["models", "bins"],
                          header: "lower,upper,center,models,samples,mean,std", rows: 144)
        _ = try roundTrip(FixedLeadTimeScores(samples: samples), name: "lead",
                          keys: ["window", "confusion", "excluded_flaring", "recall", "tss"],
                          header: "lower,upper,tp,tn,fp,fn,excluded_flaring,recall,tss", rows: 1)
        _ = try roundTrip(try FluxByOutputBin(outputs: p, labels: y, totalUnsignedFlux: [1, 2, 3, 4, 5, 6]), name: "flux",
                          keys: ["bins"],
                          header: "lower,upper,center,flaring_count,flaring_mean_flux,flaring_standard_error,"
                              + "nonflaring_count,nonflaring_mean_flux,nonflaring_standard_error", rows: 10)
    }

    @Test func undefinedValuesAreNullAndEmptyFields() throws {
        let brier = try BrierScore(probabilities: [0.2, 0.4], labels: [0, 0])
        let csv = brier.csv().split(separator: "\n")
        #expect(csv[1].split(separator: ",", omittingEmptySubsequences: false)[1] == "")
        let text = String(decoding: try brier.jsonData(), as: UTF8.self)
        #expect(text.contains("\"bss\" : null"))
        #expect(!text.lowercased().contains("nan"))
    }

    @Test func unwritablePathNamesTheFile() throws {
        let missing = URL(fileURLWithPath: "/nonexistent-folder-\(UUID().uuidString)/roc.json")
        let roc = try ROCCurve(probabilities: [0.2, 0.6], labels: [0, 1])
        let error = #expect(throws: EvaluationError.self) { try roc.write(json: missing) }
        guard case let .file(path, _)? = error else {
            Issue.record("expected a file error, got \(String(describing: error))")
            return
        }
        #expect(path == missing.path)
    }
}
