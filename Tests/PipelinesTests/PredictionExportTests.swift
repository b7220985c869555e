import Datasets
import Evaluation
import Foundation
import Losses
import NeuralCore
import Testing

@testable import Pipelines

/// The JSON, CSV and `.npy` files of an `EnsemblePrediction` built by hand.
@Suite("Ensemble prediction files")
struct PredictionExportTests {
    static let labelled = EnsemblePrediction(
        models: ["a.safetensors", "b.safetensors"],
        samples: [
            .init(id: "HARP 1 2012-01-01T00:00:00Z", probabilities: [0.25, 0.75], label: 1, sampleClass: .M),
            .init(id: "odd, \"id\"", probabilities: [0.5, 0.125], label: 0, sampleClass: .NO2),
        ],
        skipped: [.init(id: "HARP 2 2012-01-01T00:00:00Z", reason: "video of 3 frames: no observations of HARP 2")])

    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("prediction-export-\(UUID().uuidString)-\(name)")
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let url = Self.temporaryFile("p.json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Self.labelled.writeJSON(to: url)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(Set(object.keys) == ["models", "samples", "skipped"])
        #expect(object["models"] as? [String] == ["a.safetensors", "b.safetensors"])
        let samples = try #require(object["samples"] as? [[String: Any]])
        #expect(samples.count == 2)
        #expect(Set(samples[0].keys) == ["id", "probabilities", "median", "label", "sample_class"])
        #expect(samples[0]["id"] as? String == "HARP 1 2012-01-01T00:00:00Z")
        #expect((samples[0]["probabilities"] as? [Double]) == [0.25, 0.75])
        #expect(samples[0]["median"] as? Double == 0.5)
        #expect(samples[1]["median"] as? Double == 0.3125)
        #expect(samples[0]["label"] as? Int == 1 && samples[1]["sample_class"] as? String == "NO2")
        let skipped = try #require(object["skipped"] as? [[String: Any]])
        #expect(skipped.count == 1 && skipped[0]["reason"] as? String == "video of 3 frames: no observations of HARP 2")

        // Unlabelled samples have no label keys.
        let plain = EnsemblePrediction(models: ["a"], samples: [.init(id: "f.fits", probabilities: [0.5])])
        let plainObject = try #require(try JSONSerialization.jsonObject(with: plain.jsonData()) as? [String: Any])
        let row = try #require((plainObject["samples"] as? [[String: Any]])?.first)
        #expect(Set(row.keys) == ["id", "probabilities", "median"])
    }

    @Test func csvIsThePredictionCSVOneRowPerSampleAndModel() throws {
        let url = Self.temporaryFile("p.csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var prediction = Self.labelled
        prediction.splits = ["fold-1", nil]
        prediction.samples[0].harpNumber = 1
        prediction.samples[0].noaaRegions = [11380, 11381]
        prediction.samples[0].time = Date(timeIntervalSince1970: 1_325_376_000)
        prediction.samples[0].sampleIndex = 4
        try prediction.writeCSV(to: url, threshold: 0.3)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == [
            "sample_id,sample_index,harpnum,noaa_ar,t_rec,label,probability,threshold,predicted,model,split",
            "HARP 1 2012-01-01T00:00:00Z,4,1,11380;11381,2012-01-01T00:00:00Z,1,0.25,0.3,0,a.safetensors,fold-1",
            "\"odd, \"\"id\"\"\",,,,,0,0.5,0.3,1,a.safetensors,fold-1",
            "HARP 1 2012-01-01T00:00:00Z,4,1,11380;11381,2012-01-01T00:00:00Z,1,0.75,0.3,1,b.safetensors,",
            "\"odd, \"\"id\"\"\",,,,,0,0.125,0.3,0,b.safetensors,",
            "HARP 1 2012-01-01T00:00:00Z,4,1,11380;11381,2012-01-01T00:00:00Z,1,0.5,0.3,1,median,",
            "\"odd, \"\"id\"\"\",,,,,0,0.3125,0.3,1,median,",
        ])
        // One model: no median rows; unlabelled: an empty label.
        let plain = EnsemblePrediction(models: ["a"], samples: [.init(id: "f.fits", probabilities: [0.1])])
        #expect(plain.csv() == PredictionCSV.columns.joined(separator: ",") + "\nf.fits,,,,,,0.100000001,0.5,0,a,\n")
    }

    @Test func skippedSummaryCountsTheReasons() {
        var prediction = Self.labelled
        #expect(prediction.skippedSummary == "1 of 3 samples skipped: 1 x video of 3 frames: no observations of HARP n")
        prediction.skipped = []
        #expect(prediction.skippedSummary == nil)
    }

    @Test func npyHoldsTheMedians() throws {
        let url = Self.temporaryFile("p.npy")
        defer { try? FileManager.default.removeItem(at: url) }
        try Self.labelled.writeMedians(to: url)
        let array = try NumpyArray.read(from: url)
        #expect(array.shape == [2] && array.elementType == .float32)
        #expect(array.floats() == [0.5, 0.3125])
    }

    @Test func confusionMatrixOfTheMedians() throws {
        // Medians 0.5 (label 1) and 0.3125 (label 0): TP 1, TN 1 at 0.5; at 0.6, FN 1, TN 1.
        #expect(try Self.labelled.confusionMatrix(threshold: 0.5) == .init(tp: 1, tn: 1, fp: 0, fn: 0))
        #expect(try Self.labelled.confusionMatrix(threshold: 0.6) == .init(tp: 0, tn: 1, fp: 0, fn: 1))
        #expect(try EnsemblePrediction(models: ["a"], samples: [.init(id: "x", probabilities: [0.5])]).confusionMatrix() == nil)
    }
}
