// train-cnn1: the Bhattacharjee et al. (2020) pipeline in miniature, as a downstream package
// would write it. Generates a small synthetic SHARP archive, indexes it, applies the selection
// cuts, labels flaring and nonflaring regions, splits the regions into training and validation
// (whole regions on each side), trains CNN-1 at 32 x 32 with weighted cross-entropy on a lazy
// batch source, prints the validation TSS and saves the weights.
//
//   swift run -c release train-cnn1 [--output DIR] [--regions N] [--epochs N] [--seed N]

import Architectures
import Datasets
import Foundation
import Losses
import NeuralCore

let usage = "usage: train-cnn1 [--output DIR] [--regions N (>= 6, default 48)] [--epochs N (default 8)] [--seed N (default 1)]"

/// Prints a one-line error (and the usage, for a bad argument) to standard error, then exits 1.
func fail(_ message: String, usage showUsage: Bool = true) -> Never {
    FileHandle.standardError.write(Data("train-cnn1: \(message)\n\(showUsage ? usage + "\n" : "")".utf8))
    exit(1)
}

// Arguments.
var output: URL?
var regionCount = 48
var epochs = 8
var seed: UInt64 = 1
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    if flag == "--help" || flag == "-h" {
        print(usage)
        exit(0)
    }
    guard let value = arguments.popFirst() else { fail("\(flag) needs a value") }
    switch flag {
    case "--output": output = URL(fileURLWithPath: value)
    case "--regions":
        guard let n = Int(value), n >= 6 else { fail("--regions must be a whole number >= 6, not '\(value)'") }
        regionCount = n
    case "--epochs":
        guard let n = Int(value), n >= 1 else { fail("--epochs must be a whole number >= 1, not '\(value)'") }
        epochs = n
    case "--seed":
        guard let n = UInt64(value) else { fail("--seed must be a non-negative whole number, not '\(value)'") }
        seed = n
    default: fail("unknown option '\(flag)'")
    }
}
let folder = output ?? FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-train-cnn1")
let inputSize = 32

do {
    let started = Date()

    // 1. A tiny synthetic archive: SHARP files, the HARP-to-NOAA table, an SWPC flare list.
    var archiveConfiguration = SyntheticArchive.Configuration.small
    archiveConfiguration.regionCount = regionCount
    archiveConfiguration.seed = seed
    let summary = try SyntheticArchive(configuration: archiveConfiguration)
        .generate(into: folder.appendingPathComponent("archive"), replacingExisting: true)
    print("archive: \(summary.regions) regions, \(summary.magnetogramFiles) magnetograms in \(summary.directory)")

    // 2. Read it as real data: catalogue, HARP table, headers.
    let catalog = try FlareCatalog(swpcEventListAt: URL(fileURLWithPath: summary.flareCatalogPath))
    let map = try HARPNOAAMap(contentsOf: URL(fileURLWithPath: summary.harpTablePath))
    let index = try ArchiveIndex(scanning: URL(fileURLWithPath: summary.magnetogramFolder))

    // 3. Selection cuts and labels.
    let selection = try SelectionCuts().apply(to: index)
    let manifest = try SampleLabeler().label(observations: selection.observations, events: catalog.events, map: map)
    print("selection: \(index.observations.count) observations, \(selection.observations.count) kept; "
        + "\(manifest.report.flaringRegionCount) flaring and \(manifest.report.nonflaringRegionCount) nonflaring regions")

    // 4. AR-grouped split: one round of the 3-part split (2 parts training, 1 validation).
    let groups = try RegionGroups(samples: manifest.samples)
    let split = try RepeatedRegionSplit(parts: 3, repetitions: 1, seed: seed).splits(groups)[0]
    func items(_ indices: [Int]) -> [BatchItem] {
        indices.map { BatchItem(observation: manifest.samples[$0].observation, label: Float(manifest.samples[$0].regionLabel)) }
    }
    let trainingItems = items(split.training.sampleIndices)
    let validationItems = items(split.validation.sampleIndices)
    print("split: training \(split.training.harpNumbers.count) regions / \(trainingItems.count) samples, "
        + "validation \(split.validation.harpNumbers.count) regions / \(validationItems.count) samples")

    // 5. Lazy batch sources: 32 x 32 bilinear resize, field clipped to +-1500 G and scaled to kG.
    let preparation = try SamplePreparation(InputPreprocessing(
        nanFill: 0, clip: 1500, scale: 1e-3, geometry: .resize(width: inputSize, height: inputSize, method: .bilinear)))
    // Each set prepared once into an HDF5 data set (Documentation/PreparedDataSets.md).
    let cache = try PreparedDataSetCache(directory: folder.appendingPathComponent("prepared"))
    print(try cache.plan(for: trainingItems, preparation: preparation))
    let training = try MagnetogramBatchSource(
        items: trainingItems, preparation: preparation, dataSet: try cache.dataSet(for: trainingItems, preparation: preparation),
        augmentation: .random(transforms: AugmentationTransform.guastavino2022, seed: seed))
    let validation = try MagnetogramBatchSource(
        items: validationItems, preparation: preparation, dataSet: try cache.dataSet(for: validationItems, preparation: preparation))

    // 6. CNN-1 and weighted cross-entropy, C = nonflaring / flaring training samples.
    var cnn1 = CNN1Configuration()
    cnn1.inputSize = inputSize
    var generator = SeededGenerator(seed: seed)
    let model = try FlareModel(.cnn1(cnn1), preprocessing: preparation.preprocessing, generator: &generator)
    let positives = trainingItems.filter { $0.label >= 0.5 }.count
    guard positives > 0, positives < trainingItems.count else {
        fail("the training set holds only one class (\(positives) of \(trainingItems.count) flaring); try another --seed or more --regions", usage: false)
    }
    let penalty = Double(trainingItems.count - positives) / Double(positives)
    let loss = try WeightedBinaryCrossEntropy(positiveWeight: penalty)

    // 7. fit, scoring the validation TSS every epoch and keeping the best epoch's weights.
    var configuration = FitConfiguration.scoring([.trueSkillStatistic], epochs: epochs, batchSize: 16, seed: seed)
    configuration.progress = .silent   // one line per epoch is printed below
    let history = try fit(
        model: model, loss: loss, optimizer: try Adam(learningRate: 1e-3), data: training, validation: validation,
        configuration: configuration, callbacks: [training])
    for record in history.epochs {
        let tss = (record.validationMetrics["tss"] ?? nil).map { String(format: "%.3f", $0) } ?? "undefined"
        print(String(format: "epoch %d: loss %.4f, validation loss %.4f, validation TSS %@",
                     record.epoch, record.loss, record.validationLoss ?? .nan, tss))
    }
    if let best = history.bestEpoch, let score = history.bestScore {
        print(String(format: "validation TSS %.3f (best epoch %d, C = %.2f)", score, best, penalty))
    } else {
        print("validation TSS undefined (the validation set lacks a class)")
    }

    // 8. Save: the weights carry the architecture and preprocessing, so FlareModel.load rebuilds it.
    let weights = folder.appendingPathComponent("cnn1.safetensors")
    try model.save(to: weights)
    print("weights: \(weights.path)")
    print(String(format: "time: %.1f s", Date().timeIntervalSince(started)))
} catch {
    fail("\(error)", usage: false)
}
