import Architectures
import Baselines
import Datasets
import Evaluation
import Foundation
import Testing

@testable import Pipelines

/// Fig. 5 (right), Fig. 8 and Fig. 13 from a small Bhattacharjee run: the SVMs train on each
/// fold's training regions (inner validation regions included) and are scored on the CNN's
/// held-out regions.
@Suite("Bhattacharjee pipeline: SVM baselines and the loss and resolution figures")
struct SVMBaselineTests {
    @Test func theSVMsTrainOnEachFoldsTrainingRegionsAndScoreItsTestRegions() throws {
        let folder = try TinyDemo.folder("svm")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tiny = TinyDemo.configuration
        let archive = try SyntheticArchive(configuration: tiny.archive).generate(into: folder.appendingPathComponent("archive"))
        let manifest = try SampleIndexing(cuts: nil, indexOptions: .init(cache: .disabled)).run(
            directory: URL(fileURLWithPath: archive.magnetogramFolder), catalog: URL(fileURLWithPath: archive.flareCatalogPath),
            harpTable: URL(fileURLWithPath: archive.harpTablePath)).manifest
        var c = tiny.bhattacharjee
        c.occlusion = nil
        c.probeRadii = [5, 10]
        c.haleJoyComparison = true
        let run = try RunFolder(at: folder.appendingPathComponent("run"))
        let result = try BhattacharjeePipeline(configuration: c, log: .silent).run(samples: manifest.samples, in: run)

        for file in ["recall_cnn_vs_svm.svg", "loss_by_epoch.csv", "loss_by_epoch.svg", "input_resolution.csv", "input_resolution.svg",
                     "recall_line_of_sight_svm.json", "recall_sharp_keywords_svm.csv"] {
            #expect(FileManager.default.fileExists(atPath: run.url.appendingPathComponent("bhattacharjee/" + file).path), "\(file)")
        }
        let comparison = try #require(result.svmBaselines)
        #expect(comparison.baselines.map(\.featureSet) == [.spaceWeatherKeywords, .lineOfSight] && comparison.skipped.isEmpty)
        #expect(result.lossByEpoch?.epochs.count == c.epochs)
        #expect(result.inputResolution?.unknown == 0)

        // Fig. 11: every fold retrained with the Hale/Joy normalisation, both sets swept.
        let haleJoy = try #require(result.haleJoy)
        #expect(haleJoy.sweep.curves.map(\.label) == ["plain -+", "plain +-", "Hale/Joy -+", "Hale/Joy +-"])
        let retrained = try FlareModel.load(from: run.url.appendingPathComponent("bhattacharjee/hale-joy/weights/fold-1.safetensors"))
        #expect(retrained.preprocessing.haleJoyNormalization)
        #expect(FileManager.default.fileExists(atPath: run.url.appendingPathComponent("bhattacharjee/bipole_radius_hale_joy.svg").path))

        // Fold 1 again, by hand: the area-and-flux SVM on the outer training regions, scored on
        // the fold's test samples; its true positives and false negatives per time bin.
        let splits = try NestedRegionSplits(parts: c.parts, repetitions: c.repetitions, innerParts: c.innerValidationParts, seed: c.seed)
            .splits(manifest.samples)
        let table = try SHARPFeatureTable(samples: manifest.samples, featureSet: .lineOfSight)
        let training = table.rows(ofSamples: splits[0].training + splits[0].validation)
        let test = table.rows(ofSamples: splits[0].test)
        var svm = RBFSupportVectorMachine(configuration: SVMBaselineComparison.svmConfiguration)
        try svm.fit(features: try FeatureMatrix(rows: training.rows), labels: training.labels)
        let decisions = try svm.decisionValues(for: try FeatureMatrix(rows: test.rows))
        let expected = RecallVersusTimeToFlare(samples: zip(test.samples, decisions).map {
            FlareTimedPrediction(sample: manifest.samples[$0], predictedFlaring: $1 > 0)
        })
        let fold1 = comparison.baselines[1].recall.models[0]
        #expect(fold1.bins.map(\.truePositives) == expected.bins.map(\.truePositives))
        #expect(fold1.bins.map(\.falseNegatives) == expected.bins.map(\.falseNegatives))
        #expect(expected.bins.contains { $0.count > 0 })
        #expect(comparison.baselines[1].scoredPerFold[0] == test.rows.count)
    }
}
