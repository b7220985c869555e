import Architectures
import Datasets
import Foundation
import NeuralCore
import Testing

@testable import Pipelines

/// The papers' protocols as presets: their settings, the departures FlareKit's defaults list,
/// and a small run of Guastavino et al.'s five-fold expansion of every set.
@Suite("Protocol presets")
struct ProtocolPresetTests {
    @Test func theBhattacharjeePresetIsThePapersAndTheDefaultsListTheirDepartures() throws {
        let cnn2 = BhattacharjeeConfiguration.paper(network: .cnn2, inputSize: 256)
        #expect(cnn2.departuresFromPaper.isEmpty)
        #expect(cnn2.optimizer == .sgd(learningRate: 5e-6, momentum: 0) && cnn2.batchSize == 64)
        #expect(cnn2.loss == .weightedCrossEntropy(positiveWeight: 4.5) && cnn2.interpolation == .bicubic)
        #expect(cnn2.preprocessing == InputPreprocessing(nanFill: 0) && cnn2.innerValidationParts == nil)
        #expect(cnn2.parts == 3 && cnn2.repetitions == 10 && cnn2.chronologicalTest?.cut == ChronologicalSplit.bhattacharjee2020Cut)
        #expect(BhattacharjeeConfiguration.paper(network: .cnn1, inputSize: 128).loss == .cnn1Custom)
        #expect(cnn2.paperChoices.map(\.setting) == ["epochs"])

        let defaults = BhattacharjeeConfiguration().departuresFromPaper.map(\.setting)
        #expect(defaults == ["optimizer", "interpolation", "input scale", "early stopping", "chronological test set"])
        var clipped = BhattacharjeeConfiguration.paper()
        clipped.preprocessing.clip = 1500
        #expect(clipped.departuresFromPaper.map(\.sentence) == [
            "clip: ±1500 G (the paper: none); a clip makes every field above it look the same to the network",
        ])
    }

    @Test func theGuastavinoPresetIsThePapersAndTheDefaultsListTheirDepartures() throws {
        for task in [FlareTask.c1, .m1] {
            let paper = GuastavinoConfiguration.paper(task: task)
            #expect(paper.departuresFromPaper.isEmpty)
            #expect(paper.expandsEverySet && paper.augmentation == AugmentationTransform.guastavino2022 && paper.task == task)
            #expect(paper.preprocessing.scale == 1 && paper.preprocessing.clip == nil && paper.interpolation == .bilinear)
        }
        #expect(GuastavinoConfiguration().departuresFromPaper.map(\.setting) == ["augmentation", "input scale"])
    }

    /// Every set expanded five-fold: each test video is scored under the five transforms, so
    /// the split holds five rows per video, all of one label.
    @Test func theGuastavinoPresetExpandsEverySetFiveFold() throws {
        let folder = try TinyDemo.folder("expanded")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tiny = TinyDemo.configuration
        let archive = try SyntheticArchive(configuration: tiny.archive).generate(into: folder.appendingPathComponent("archive"))
        let indexing = try SampleIndexing(cuts: nil, indexOptions: .init(cache: .disabled)).run(
            directory: URL(fileURLWithPath: archive.magnetogramFolder), catalog: URL(fileURLWithPath: archive.flareCatalogPath),
            harpTable: URL(fileURLWithPath: archive.harpTablePath))
        let observations = try ArchiveIndex(scanning: URL(fileURLWithPath: archive.magnetogramFolder), options: .init(cache: .disabled))

        var c = GuastavinoConfiguration.paper(task: .c1)
        c.architecture = tiny.guastavino.architecture
        c.video = tiny.guastavino.video
        c.frameSize = tiny.guastavino.frameSize
        c.sizes = BalancedSetSizes(training: 24, validation: 8, test: 8)
        c.shortfallPolicy = .report
        c.realisations = 1
        c.epochs = 1
        c.batchSize = 8
        let run = try RunFolder(at: folder.appendingPathComponent("run"))
        let result = try GuastavinoPipeline(configuration: c, log: .silent)
            .run(samples: indexing.manifest.samples, archive: observations.observations, in: run)

        let rows = try TinyDemo.csvRows(run.url.appendingPathComponent("guastavino/predictions.csv"))
        let testSize = try #require(result.realisations.first?.testSize)
        #expect(testSize > 0)
        #expect(rows.count == 5 * testSize)
        for start in stride(from: 0, to: rows.count, by: 5) {
            let group = rows[start..<(start + 5)]
            #expect(Set(group.map { $0["harpnum"] ?? "" }).count == 1 && Set(group.map { $0["t_rec"] ?? "" }).count == 1)
            #expect(Set(group.map { $0["label"] ?? "" }).count == 1)
        }
        // The five copies are seen through different transforms, so the outputs differ.
        #expect(Set(rows.prefix(5).map { $0["probability"] ?? "" }).count > 1)
    }
}
