import Architectures
import Datasets
import Evaluation
import Foundation
import Losses
import NeuralCore

/// The Guastavino et al. (2022) pipeline on labelled samples and the archive they come from:
/// a video ending at each sample, balanced training/validation/test triples at the paper's
/// class rates (no region in two sets of a triple), an LRCN trained with the score-oriented
/// loss on each realisation, and the TSS distribution (their Table 2), per-class rates (Fig. 4)
/// and TSS with classes excluded (Fig. 5) over the realisations' test sets.
///
/// ```swift
/// let index = try ArchiveIndex(scanning: sharpFolder)
/// let result = try GuastavinoPipeline(configuration: GuastavinoConfiguration())
///     .run(samples: manifest.samples, archive: index.observations, in: run)
/// print(result.trueSkillStatistic.mean, result.trueSkillStatistic.standardDeviation ?? 0)
/// ```
///
/// Files written under ``subfolder``: `weights/realisation-K.safetensors`, `checkpoints/`,
/// `realisations.json`/`.csv`, `tss_by_realisation.svg`, `class_rates.json`/`.csv`/`.svg`,
/// `class_exclusion.json`/`.svg`, `videos.json` (how many videos were complete), and
/// `records/realisation-K.json`, what each finished realisation scored (`CrossValidationRecord`).
public struct GuastavinoPipeline {
    /// The settings.
    public var configuration: GuastavinoConfiguration
    /// The folder inside the run folder that receives this pipeline's files.
    public var subfolder = "guastavino"
    /// Where the prepared data sets (``PreparedDataSetCache``) go, shared between realisations and
    /// runs (`nil`: `<run>/cache/frames`).
    public var cacheDirectory: URL?
    /// Entries added to every weight file's metadata (``TrainingRun`` gives the manifest's path
    /// and checksum); see ``WeightProvenance``.
    public var provenance: [String: String] = [:]
    /// Progress lines.
    public var log: PipelineLog
    /// How `fit` reports each epoch.
    public var trainingProgress: ProgressStyle = .lines
    /// Which realisations this process trains, resuming, and the ranks of a distributed run
    /// (default: every realisation, here, from the start).
    public var execution = SplitExecution()
    /// Whether the tables and figures are written once every realisation is finished
    /// (default). `false` stops after the training (``TrainingRun`` assembles from the records).
    public var assembles = true

    /// Creates the pipeline.
    public init(configuration: GuastavinoConfiguration, log: PipelineLog = .standardError) {
        self.configuration = configuration
        self.log = log
    }

    /// Runs every stage. `samples` are the labelled sample times (their `LabeledSample.sampleClass`
    /// decides the label), `archive` every observation videos may take frames from.
    /// - Throws: ``PipelinesError`` for bad settings or too little data,
    ///   ``PipelinesError/incompleteRun(path:missing:)`` when a selection (``execution``) leaves
    ///   realisations unfinished, and the modules' typed errors for unreadable files.
    public func run(samples: [LabeledSample], archive: [SHARPObservation], in run: RunFolder) throws -> GuastavinoResult {
        switch try train(samples: samples, archive: archive, in: run) {
        case let .assembled(result): return result
        case let .trained(status): throw PipelinesError.incompleteRun(path: run.url.path, missing: status.missing)
        }
    }

    /// Trains this process's realisations (``execution``) and, when every realisation is
    /// finished, this is rank 0 and the pipeline ``assembles``, writes the tables and figures.
    /// - Throws: ``PipelinesError/invalidSetting(name:value:reason:)`` for a selected realisation
    ///   outside the configuration's (before anything is written), and the errors of ``run(samples:archive:in:)``.
    public func train(
        samples: [LabeledSample], archive: [SHARPObservation], in run: RunFolder
    ) throws -> PipelineOutcome<GuastavinoResult> {
        try configuration.validate(checkingTrainingMemory: execution.selection?.isEmpty != true)   // an empty selection only assembles
        try execution.check(splitCount: configuration.realisations, what: "realisations")
        let started = Date()
        let c = configuration

        // Videos ending at each sample; samples without a complete video are left out (counted).
        let sampling = try VideoSampler(c.video).videos(endingAt: samples.map(\.observation), from: archive)
        let kept = sampling.videos.indices.filter { sampling.videos[$0] != nil }
        let videoSamples = kept.map { samples[$0] }
        let frames = kept.map { sampling.videos[$0] ?? [] }
        log("guastavino: \(kept.count) of \(samples.count) samples have a complete video of \(c.video.frameCount) frames "
            + "at \(Int(c.video.cadence / 60)) min")
        if execution.communicator.isRoot {
            try run.write(
                jsonObject: ["samples": samples.count, "complete_videos": kept.count, "dropped": samples.count - kept.count,
                             "frame_count": c.video.frameCount, "cadence_minutes": c.video.cadence / 60],
                to: subfolder + "/videos.json")
        }

        // Balanced triples.
        let generator = BalancedSetGenerator(configuration: BalancedSetConfiguration(
            rates: c.rates, sizes: c.sizes, shortfallPolicy: c.shortfallPolicy))
        let triples: [BalancedTriple]
        do {
            triples = try generator.triples(samples: videoSamples, realisations: c.realisations, seed: c.seed)
        } catch {
            throw PipelinesError.insufficientData(stage: "Guastavino balanced sets", reason: "\(error)")
        }
        for triple in triples where triple.scale < 1 || !triple.isComplete {
            log(String(format: "guastavino: realisation %d scaled to %.2f of the requested sizes", triple.realisation + 1, triple.scale)
                + (triple.shortfallDescription.map { "; \($0)" } ?? ""))
        }
        // The paper's expansion: every set holds each video once per transform (sample j * T + t
        // of the source is video j under transform t).
        let copies = c.expandsEverySet ? max(1, c.augmentation.count) : 1
        func expanded(_ indices: [Int]) -> [Int] { indices.flatMap { j in (0..<copies).map { j * copies + $0 } } }
        let splits = triples.map { triple in
            CrossValidationSplit(
                name: "realisation-\(triple.realisation + 1)", training: expanded(triple.training.sampleIndices),
                validation: expanded(triple.validation.sampleIndices), test: expanded(triple.test.sampleIndices))
        }
        if copies > 1 {
            log("guastavino: every set expanded \(copies)-fold by \(c.augmentation.map(\.rawValue).joined(separator: ", "))")
        }
        let scoredSamples = copies > 1 ? videoSamples.flatMap { Array(repeating: $0, count: copies) } : videoSamples

        // Inputs.
        var preprocessing = c.preprocessing
        preprocessing.geometry = .resize(width: c.frameSize, height: c.frameSize, method: c.interpolation)
        let preparation = try SamplePreparation(preprocessing)
        let cache = try PreparedDataSetCache(
            directory: cacheDirectory ?? run.url.appendingPathComponent("cache/frames"), log: { [log] in log("guastavino: " + $0) })
        let items = zip(videoSamples, frames).map { sample, frames in
            BatchItem(video: frames, label: Float(sample.label(for: c.task)))
        }
        // Every frame prepared once into one HDF5 data set (overlapping videos share frames);
        // not in a process that trains no realisation and only assembles.
        let dataSet = execution.selection?.isEmpty == true
            ? nil : try cache.dataSet(for: items, sampleIDs: videoSamples.map(\.identifier), preparation: preparation)
        let source = try VideoBatchSource(
            items: items, frameCount: c.video.frameCount, preparation: preparation, dataSet: dataSet,
            augmentation: copies > 1 ? .expanded(transforms: c.augmentation) : .none)

        // One LRCN per realisation, SOL-TSS, best validation TSS kept, test scored once.
        let architecture = c.sizedArchitecture
        var task = CrossValidationTask(
            makeModel: { k in
                var generator = SeededGenerator(seed: c.seed &* 1_000_003 &+ 0x5151 &+ UInt64(k))
                return try FlareModel(architecture, preprocessing: preprocessing, generator: &generator)
            },
            makeLoss: { k in try c.loss.make(trainingLabels: splits[k].training.map { Int(items[$0 / copies].label) }) },
            makeOptimizer: { _ in try c.optimizer.make() },
            samples: { indices in try IndexedBatchSource(source, indices: indices) })
        if !c.augmentation.isEmpty, copies == 1 {
            task.trainingSamples = { indices, k in
                try VideoBatchSource(
                    items: indices.map { items[$0] }, frameCount: c.video.frameCount, preparation: preparation, dataSet: dataSet,
                    augmentation: .random(transforms: c.augmentation, seed: c.seed &+ 0xA5A5 &+ UInt64(k)))
            }
        }
        var fitConfiguration = FitConfiguration.scoring([.trueSkillStatistic], epochs: c.epochs, batchSize: c.batchSize, seed: c.seed)
        fitConfiguration.progress = trainingProgress
        var runner = CrossValidationRunner(fit: fitConfiguration)
        runner.threshold = .fixed(c.threshold)
        runner.predictionBatchSize = 32
        runner.weightsDirectory = try run.file(subfolder + "/weights/.folder").deletingLastPathComponent()
        runner.checkpointsDirectory = try run.file(subfolder + "/checkpoints/.folder").deletingLastPathComponent()
        runner.recordsDirectory = try run.file(subfolder + "/records/.folder").deletingLastPathComponent()
        runner.logsDirectory = try run.file(subfolder + "/logs/.folder").deletingLastPathComponent()
        runner.weightsMetadata = WeightProvenance.entries(c).merging(provenance) { _, given in given }
        let prepared = (try? JSONEncoder.sorted.encode(preprocessing)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        runner.settings = c.recordedSettings().merging(NamedSettings([
            "input preparation": prepared, "samples": SampleDigest.samples(samples), "archive": SampleDigest.observations(archive),
        ]))
        runner.execution = execution
        let log = self.log
        runner.onProgress = { event in
            switch event {
            case let .started(k, count, name):
                log("guastavino: \(name) (\(k + 1)/\(count)): training \(splits[k].training.count), "
                    + "validation \(splits[k].validation.count), test \(splits[k].test.count) videos")
            case let .finished(_, _, name, fold):
                log("guastavino: \(name): test TSS "
                    + (fold.value(of: .trueSkillStatistic).map { String(format: "%.3f", $0) } ?? "undefined"))
            default:
                if let note = event.note { log("guastavino: " + note) }
            }
        }
        let outcome = try runner.train(task, splits: splits)
        guard assembles, let crossValidation = outcome.result else { return .trained(SplitStatus(outcome, folder: subfolder)) }

        var result = try GuastavinoResult(
            crossValidation: crossValidation, samples: scoredSamples, triples: triples, configuration: c, subfolder: subfolder)
        result.completeVideos = kept.count
        result.wallSeconds = Date().timeIntervalSince(started)
        try result.write(into: run)
        return .assembled(result)
    }
}
