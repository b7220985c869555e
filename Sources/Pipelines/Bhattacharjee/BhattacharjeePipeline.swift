import Architectures
import Datasets
import Evaluation
import Foundation
import Interpretability
import Losses
import Magnetogram
import NeuralCore

/// The Bhattacharjee et al. (2020) pipeline on labelled samples: AR-grouped cross-validation of
/// a CNN on single magnetograms with weighted cross-entropy, then recall and TSS per fold,
/// recall versus time to flare (their Fig. 5, left), the flux-binned outputs (Fig. 6), one occlusion
/// map (Fig. 12) and a bipole radius sweep (Figs. 9-11).
///
/// ```swift
/// let samples = try SampleManifest(contentsOf: manifestURL).samples
/// let run = try RunFolder(at: URL(fileURLWithPath: "runs/cnn2"))
/// let result = try BhattacharjeePipeline(configuration: BhattacharjeeConfiguration()).run(samples: samples, in: run)
/// print(result.trueSkillStatistic.mean)
/// ```
///
/// Files written under ``subfolder`` of the run folder: `weights/fold-K.safetensors`,
/// `checkpoints/`, `folds.json`/`.csv`, `tss_by_fold.svg`, `recall_vs_time_to_flare.json`/`.csv`/`.svg`,
/// `flux_by_output.json`/`.csv`/`.svg`, `occlusion.png`/`.npy`, `bipole_radius.json`/`.csv`/`.svg`,
/// and `records/fold-K.json`, what each finished fold scored (`CrossValidationRecord`); the
/// Hale/Joy comparison trains the folds again under `hale-joy/`.
public struct BhattacharjeePipeline {
    /// The settings.
    public var configuration: BhattacharjeeConfiguration
    /// The folder inside the run folder that receives this pipeline's files.
    public var subfolder = "bhattacharjee"
    /// Where the prepared data sets (``PreparedDataSetCache``) go, shared between folds and runs
    /// (`nil`: `<run>/cache/inputs`).
    public var cacheDirectory: URL?
    /// Entries added to every weight file's metadata (``TrainingRun`` gives the manifest's path
    /// and checksum); see ``WeightProvenance``.
    public var provenance: [String: String] = [:]
    /// Progress lines.
    public var log: PipelineLog
    /// How `fit` reports each epoch.
    public var trainingProgress: ProgressStyle = .lines
    /// Which folds this process trains, resuming, and the ranks of a distributed run (default:
    /// every fold, here, from the start). The Hale/Joy cross-validation trains the same folds.
    public var execution = SplitExecution()
    /// Whether the tables and figures are written once every fold is finished (default). `false`
    /// stops after the cross-validation: ``TrainingRun`` trains first and assembles from the
    /// records under its assembly lock.
    public var assembles = true

    /// Creates the pipeline.
    public init(configuration: BhattacharjeeConfiguration, log: PipelineLog = .standardError) {
        self.configuration = configuration
        self.log = log
    }

    /// Runs every stage on `samples` (labelled with `LabeledSample.isFlaringRegion`)
    /// and writes the files into `run`.
    /// - Throws: ``PipelinesError`` for bad settings or too little data (fewer regions of a class
    ///   than the splits need), ``PipelinesError/incompleteRun(path:missing:)`` when a selection
    ///   (``execution``) leaves folds unfinished, and the modules' typed errors for unreadable files.
    public func run(samples given: [LabeledSample], in run: RunFolder) throws -> BhattacharjeeResult {
        switch try train(samples: given, in: run) {
        case let .assembled(result): return result
        case let .trained(status): throw PipelinesError.incompleteRun(path: run.url.path, missing: status.missing)
        }
    }

    /// Trains this process's folds (``execution``) and, when every fold is finished, this is rank
    /// 0 and the pipeline ``assembles``, runs every later stage and writes the files into `run`.
    /// - Throws: ``PipelinesError/invalidSetting(name:value:reason:)`` for a selected fold outside
    ///   the configuration's repetitions (before anything is written), and the errors of ``run(samples:in:)``.
    public func train(samples given: [LabeledSample], in run: RunFolder) throws -> PipelineOutcome<BhattacharjeeResult> {
        try configuration.validate(checkingTrainingMemory: execution.selection?.isEmpty != true)   // an empty selection only assembles
        try execution.check(splitCount: configuration.repetitions, what: "folds")
        let started = Date()
        let c = configuration
        guard !given.isEmpty else { throw PipelinesError.insufficientData(stage: "Bhattacharjee pipeline", reason: "no samples") }
        // Fig. 6 bins every test sample by its line-of-sight flux: measure what the manifest lacks first.
        let log = self.log
        let measured = try LineOfSightFluxMeasurement.filling(given) { done, total in
            log("bhattacharjee: line-of-sight flux of samples the manifest lacks it for: \(done)/\(total)")
        }
        // The chronological test regions (the paper: from October 2015) stay out of the cross-validation.
        var samples = measured
        var heldOut: [LabeledSample] = []
        if let chronological = c.chronologicalTest {
            let parts = chronological.split(try RegionGroups(samples: measured))
            samples = parts.beforeCut.sampleIndices.sorted().map { measured[$0] }
            heldOut = parts.afterCut.sampleIndices.sorted().map { measured[$0] }
            log("bhattacharjee: chronological test set: \(parts.afterCut.harpNumbers.count) regions (\(heldOut.count) samples) "
                + "from \(BhattacharjeeConfiguration.day(chronological.cut)) on; \(parts.beforeCut.harpNumbers.count) regions before")
            guard !samples.isEmpty else {
                throw PipelinesError.insufficientData(
                    stage: "Bhattacharjee pipeline", reason: "every region lies after the chronological cut: nothing to cross-validate")
            }
        }

        // Splits.
        let splits = try NestedRegionSplits(
            parts: c.parts, repetitions: c.repetitions, innerParts: c.innerValidationParts, seed: c.seed
        ).splits(samples)
        let flaring = Set(samples.filter(\.isFlaringRegion).map(\.harpNumber)).count
        log("bhattacharjee: \(samples.count) samples of \(Set(samples.map(\.harpNumber)).count) regions "
            + "(\(flaring) flaring); \(splits.count) folds of \(c.parts) parts"
            + (c.innerValidationParts.map { ", early stopping on 1/\($0) of the training regions" } ?? ""))

        // Inputs: every sample prepared once into one HDF5 data set, read through one lazy source.
        var preprocessing = c.preprocessing
        preprocessing.geometry = .resize(width: c.inputSize, height: c.inputSize, method: c.interpolation)
        let preparation = try SamplePreparation(preprocessing)
        let cache = try PreparedDataSetCache(
            directory: cacheDirectory ?? run.url.appendingPathComponent("cache/inputs"), log: { log("bhattacharjee: " + $0) })
        let items = samples.map { BatchItem(observation: $0.observation, label: Float($0.regionLabel)) }
        let source = try MagnetogramBatchSource(
            items: items, preparation: preparation, dataSet: try preparedDataSet(items, of: samples, preparation: preparation, cache: cache))

        // Cross-validation, and the same folds with the Hale/Joy normalisation (Fig. 11).
        let plain = try crossValidate(
            samples: samples, splits: splits, preprocessing: preprocessing, source: source, folder: subfolder, run: run)
        var status = SplitStatus(plain, folder: subfolder)
        var normalised: CrossValidationOutcome?
        if c.haleJoyComparison {
            let outcome = try haleJoyCrossValidation(samples: samples, splits: splits, preprocessing: preprocessing, cache: cache, run: run)
            normalised = outcome
            status = status + SplitStatus(outcome, folder: subfolder + "/hale-joy")
        }
        guard assembles, let crossValidation = plain.result, normalised.map({ $0.result != nil }) ?? true else {
            return .trained(status)
        }

        var result = try BhattacharjeeResult(
            crossValidation: crossValidation, samples: samples, subfolder: subfolder, configuration: c)
        if let chronological = c.chronologicalTest {
            if heldOut.isEmpty {
                log("bhattacharjee: no region of this manifest lies after the chronological cut: no chronological test "
                    + "(score a test manifest with flarekit evaluate)")
            } else {
                let testItems = heldOut.map { BatchItem(observation: $0.observation, label: Float($0.regionLabel)) }
                let testSource = try MagnetogramBatchSource(
                    items: testItems, preparation: preparation,
                    dataSet: try preparedDataSet(testItems, of: heldOut, preparation: preparation, cache: cache, always: true))
                let scores = try ChronologicalTestScores(
                    cut: chronological.cut, samples: heldOut, source: testSource,
                    models: crossValidation.folds.map(\.model), threshold: c.threshold)
                log("bhattacharjee: chronological test TSS "
                    + (scores.summary.map { $0.meanAndDeviation } ?? "undefined")
                    + " over \(crossValidation.folds.count) fold models")
                try run.write(text: scores.csv(foldNames: crossValidation.folds.map(\.name)), to: subfolder + "/chronological_test.csv")
                result.chronologicalTest = scores
            }
        }
        // Fig. 13: mean training and validation loss per epoch; Fig. 8: resolution of the resized inputs.
        let losses = LossByEpoch(crossValidation.folds.map(\.history))
        try run.write(losses, drawnAs: try losses.figure(), .lossByEpoch, in: subfolder)
        result.lossByEpoch = losses
        if let resolutions = try? InputResolutionHistogram(samples: samples, inputWidth: c.inputSize, inputHeight: c.inputSize) {
            try run.write(resolutions, drawnAs: try resolutions.figure(), .inputResolution, in: subfolder)
            if resolutions.unknown > 0 { log("bhattacharjee: \(resolutions.unknown) samples without a pixel scale left out of Fig. 8") }
            result.inputResolution = resolutions
        } else {
            log("bhattacharjee: no sample records its pixel scale (index the archive again): no Fig. 8")
        }
        if c.svmBaselines {
            log("bhattacharjee: SVM baselines (Fig. 5 right) on the same folds")
            let comparison = try SVMBaselineComparison(
                // The SVMs stop early on nothing: they train on every training region of the fold,
                // the inner validation regions included (without an inner split those are the test regions).
                samples: samples,
                trainingIndices: splits.map { c.innerValidationParts == nil ? $0.training : $0.training + $0.validation },
                testIndices: crossValidation.folds.map(\.sampleIndices),
                log: log)
            if let cnn = result.recallVersusTime, !comparison.baselines.isEmpty {
                try run.write(try comparison.figure(cnn: cnn), as: .recallCNNVersusSVM, in: subfolder)
                for baseline in comparison.baselines {
                    try run.write(baseline.recall, name: subfolder + "/recall_" + baseline.featureSet.rawValue.replacingOccurrences(of: "-", with: "_") + "_svm")
                }
            }
            result.svmBaselines = comparison
        }
        if let retrained = normalised?.result {
            result.haleJoy = try haleJoyComparison(crossValidation, retrained, run: run)
        }
        try result.writeTables(into: run)
        result.occlusion = try occlusionMap(crossValidation.folds[0], samples: samples, preparation: preparation, run: run)
        result.bipoleSweep = try bipoleSweep(crossValidation.folds, run: run)
        result.peakRatios = try peakRatios(crossValidation.folds, run: run)
        result.wallSeconds = Date().timeIntervalSince(started)
        try run.write(jsonObject: result.jsonObject, to: subfolder + "/folds.json")   // once, with the occlusion and the time
        return .assembled(result)
    }


    /// One cross-validation of the configured network with `preprocessing` over `splits` (this
    /// process's share of them), weights, checkpoints and records under `folder` of the run folder.
    private func crossValidate(
        samples: [LabeledSample], splits: [CrossValidationSplit], preprocessing: InputPreprocessing,
        source: MagnetogramBatchSource, folder: String, run: RunFolder
    ) throws -> CrossValidationOutcome {
        let c = configuration
        let log = self.log
        let preparation = source.preparation
        let architecture = c.architecture
        var task = CrossValidationTask(
            makeModel: { k in
                var generator = SeededGenerator(seed: c.seed &* 1_000_003 &+ UInt64(k))
                return try FlareModel(architecture, preprocessing: preprocessing, generator: &generator)
            },
            makeLoss: { k in try c.loss.make(trainingLabels: splits[k].training.map { samples[$0].regionLabel }) },
            makeOptimizer: { _ in try c.optimizer.make() },
            samples: { indices in try IndexedBatchSource(source, indices: indices) })
        if !c.augmentation.isEmpty {
            let items = source.items
            task.trainingSamples = { indices, k in
                try MagnetogramBatchSource(
                    items: indices.map { items[$0] }, preparation: preparation, dataSet: source.dataSet,
                    augmentation: .random(transforms: c.augmentation, seed: c.seed &+ 0xA5A5 &+ UInt64(k)))
            }
        }
        var fitConfiguration = FitConfiguration.scoring([.trueSkillStatistic], epochs: c.epochs, batchSize: c.batchSize, seed: c.seed)
        fitConfiguration.restoreBestWeights = c.innerValidationParts != nil
        fitConfiguration.progress = trainingProgress
        var runner = CrossValidationRunner(fit: fitConfiguration)
        runner.threshold = .fixed(c.threshold)
        runner.weightsDirectory = try run.file(folder + "/weights/.folder").deletingLastPathComponent()
        runner.checkpointsDirectory = try run.file(folder + "/checkpoints/.folder").deletingLastPathComponent()
        runner.recordsDirectory = try run.file(folder + "/records/.folder").deletingLastPathComponent()
        runner.logsDirectory = try run.file(folder + "/logs/.folder").deletingLastPathComponent()
        runner.weightsMetadata = WeightProvenance.entries(c).merging(provenance) { _, given in given }
        runner.settings = Self.splitSettings(c, preprocessing: preprocessing, samples: samples)
        runner.execution = execution
        let name = folder == subfolder ? "bhattacharjee" : "bhattacharjee (\(folder))"
        runner.onProgress = { event in
            switch event {
            case let .started(k, count, fold):
                log("\(name): \(fold) (\(k + 1)/\(count)): training \(splits[k].training.count), "
                    + "validation \(splits[k].validation.count), test \(splits[k].test.count) samples")
            case let .finished(_, _, fold, result):
                let tss = result.value(of: .trueSkillStatistic).map { String(format: "%.3f", $0) } ?? "undefined"
                log("\(name): \(fold): test TSS \(tss), recall "
                    + (result.value(of: .recall).map { String(format: "%.3f", $0) } ?? "undefined"))
            default:
                if let note = event.note { log("\(name): " + note) }
            }
        }
        return try runner.train(task, splits: splits)
    }

    /// The prepared data set of `items`, the inputs of `samples` (their identifiers are the
    /// file's `sample_ids`; the cache logs where and how large first); `nil` in a process that
    /// trains no fold and only assembles, unless `always`.
    private func preparedDataSet(
        _ items: [BatchItem], of samples: [LabeledSample], preparation: SamplePreparation, cache: PreparedDataSetCache,
        always: Bool = false
    ) throws -> PreparedDataSet? {
        guard always || execution.selection?.isEmpty != true else { return nil }
        return try cache.dataSet(for: items, sampleIDs: samples.map(\.identifier), preparation: preparation)
    }

    /// What decides a fold's training: every setting of the configuration, the input
    /// preparation in use (the Hale/Joy folds differ there) and a digest of the samples.
    static func splitSettings(
        _ c: BhattacharjeeConfiguration, preprocessing: InputPreprocessing, samples: [LabeledSample]
    ) -> NamedSettings {
        let prepared = (try? JSONEncoder.sorted.encode(preprocessing)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return c.recordedSettings().merging(NamedSettings(["input preparation": prepared, "samples": SampleDigest.samples(samples)]))
    }

    /// Fig. 11, training: every fold retrained with the Hale/Joy normalisation (this process's
    /// share), under `hale-joy/` of the subfolder.
    private func haleJoyCrossValidation(
        samples: [LabeledSample], splits: [CrossValidationSplit], preprocessing: InputPreprocessing,
        cache: PreparedDataSetCache, run: RunFolder
    ) throws -> CrossValidationOutcome {
        var normalised = preprocessing
        normalised.haleJoyNormalization = true
        log("bhattacharjee: retraining every fold with the Hale/Joy normalisation (Fig. 11)")
        let items = samples.map { BatchItem(observation: $0.observation, label: Float($0.regionLabel)) }
        let preparation = try SamplePreparation(normalised)
        let source = try MagnetogramBatchSource(
            items: items, preparation: preparation, dataSet: try preparedDataSet(items, of: samples, preparation: preparation, cache: cache))
        return try crossValidate(
            samples: samples, splits: splits, preprocessing: normalised, source: source,
            folder: subfolder + "/hale-joy", run: run)
    }

    /// Fig. 11: radius sweeps of the `-+` and `+-` bipoles through the plain and the
    /// Hale/Joy-normalised models.
    private func haleJoyComparison(
        _ plain: CrossValidationResult, _ retrained: CrossValidationResult, run: RunFolder
    ) throws -> BhattacharjeeResult.HaleJoyComparison {
        let radii = configuration.probeRadii.isEmpty ? stride(from: 2.5, through: 40, by: 2.5).map { $0 } : configuration.probeRadii
        let paper = BipoleProbeSettings.paper(inputWidth: configuration.inputSize, inputHeight: configuration.inputSize)
        var series = [paper, paper]
        series[1].arrangement = .positiveNegative
        let plainModels = plain.folds.compactMap { $0.model as? FlareModel }
        let normalisedModels = retrained.folds.compactMap { $0.model as? FlareModel }
        let first = try BipoleProbe(flareModels: plainModels).sweep(.radius, values: radii, series: series, labels: ["plain -+", "plain +-"])
        let second = try BipoleProbe(flareModels: normalisedModels)
            .sweep(.radius, values: radii, series: series, labels: ["Hale/Joy -+", "Hale/Joy +-"])
        var sweep = first
        sweep.curves += second.curves
        try run.write(
            sweep, drawnAs: try sweep.figure(title: "Bipole radius sweep, plain and Hale/Joy-normalised models (Fig. 11)"),
            .bipoleRadiusHaleJoy, in: subfolder)
        let tss = try? SummaryStatistics(retrained.folds.map { $0.value(of: .trueSkillStatistic) })
        log("bhattacharjee: Hale/Joy models: test TSS "
            + (tss.map { $0.meanAndDeviation } ?? "undefined"))
        return .init(trueSkillStatistic: tss, sweep: sweep)
    }

    /// The occlusion map of `fold`'s model on its most confident flaring test sample.
    private func occlusionMap(
        _ fold: CrossValidationFold, samples: [LabeledSample], preparation: SamplePreparation, run: RunFolder
    ) throws -> BhattacharjeeResult.OcclusionSummary? {
        guard let configuration = configuration.occlusion, let model = fold.model as? FlareModel else { return nil }
        let flaring = fold.sampleIndices.indices.filter { samples[fold.sampleIndices[$0]].isFlaringRegion }
        guard let best = flaring.max(by: { fold.probabilities[$0] < fold.probabilities[$1] }) else {
            log("bhattacharjee: no flaring test sample in \(fold.name): no occlusion map")
            return nil
        }
        let sample = samples[fold.sampleIndices[best]]
        var sized = configuration
        sized.maskSize = min(configuration.maskSize, self.configuration.inputSize)
        log("bhattacharjee: occlusion map of \(fold.name) on HARP \(sample.harpNumber) at \(sample.observation.path)")
        let magnetogram = try Magnetogram(contentsOf: sample.observation.path)
        let input = try MagnetogramInput(magnetogram, model: model, latitude: sample.observation.latitude)
        let map = try OcclusionAnalysis(model: model, configuration: sized).map(for: input)
        let png = subfolder + "/occlusion.png", values = subfolder + "/occlusion.npy"
        try map.map.writeFigurePNG(on: magnetogram, to: try run.file(png), threshold: sized.threshold)
        try map.map.write(to: try run.file(values))
        return .init(
            harpNumber: sample.harpNumber, observationPath: sample.observation.path, probability: Double(map.baselineProbability),
            placements: map.placementCount, maskSize: sized.maskSize, stride: sized.stride,
            highlightedFraction: Double(map.map.highlightedRegion(threshold: sized.threshold).filter { $0 }.count)
                / Double(max(1, map.map.width * map.map.height)),
            pngPath: png, valuesPath: values)
    }

    /// The bipole radius sweep through every fold's model.
    private func bipoleSweep(_ folds: [CrossValidationFold], run: RunFolder) throws -> BipoleSweep? {
        guard !configuration.probeRadii.isEmpty else { return nil }
        let models = folds.compactMap { $0.model as? FlareModel }
        guard !models.isEmpty else { return nil }
        log("bhattacharjee: bipole radius sweep, \(configuration.probeRadii.count) radii x \(models.count) models")
        let sweep = try BipoleProbe(flareModels: models).sweep(.radius, values: configuration.probeRadii)
        for warning in sweep.warnings { log("bhattacharjee: warning: \(warning)") }
        try run.write(sweep, drawnAs: try sweep.figure(title: "Bipole radius sweep (mean ± s.e. over folds)"), .bipoleRadius, in: subfolder)
        return sweep
    }

    /// Fig. 10 (right): radius sweeps through every fold's model at each of the configured
    /// magnetogram dimensions, and the high-to-low peak radius ratio against the aspect ratio.
    private func peakRatios(_ folds: [CrossValidationFold], run: RunFolder) throws -> PeakRatioSweep? {
        let models = folds.compactMap { $0.model as? FlareModel }
        guard !configuration.probeRadii.isEmpty, !configuration.peakRatioResolutions.isEmpty, !models.isEmpty else { return nil }
        log("bhattacharjee: peak-radius ratios at \(configuration.peakRatioResolutions.count) magnetogram dimensions (Fig. 10 right)")
        // The resolutions are the paper's, at its 256-pixel input: the same magnetograms at this input.
        let scale = Double(BipoleProbeSettings.paperInputSize) / Double(configuration.inputSize)
        let resolutions = configuration.peakRatioResolutions.map { (x: $0.x * scale, y: $0.y * scale) }
        // Every sweep shares the radii: those the smallest magnetogram holds.
        let largest = resolutions.map { resolution -> Double in
            var settings = BipoleProbeSettings()
            settings.xResolution = resolution.x
            settings.yResolution = resolution.y
            return settings.largestRadius(inputWidth: configuration.inputSize, inputHeight: configuration.inputSize)
        }.min() ?? 0
        let radii = configuration.probeRadii.filter { $0 <= largest }
        if radii.count < configuration.probeRadii.count {
            log(String(
                format: "bhattacharjee: peak-radius ratios: radii above %.2f Mm left out (the smallest magnetogram holds no larger bipole)",
                largest))
        }
        guard !radii.isEmpty else { return nil }
        let ratios = try PeakRatioSweep(probe: try BipoleProbe(flareModels: models), radii: radii, resolutions: resolutions)
        try run.write(ratios, drawnAs: try ratios.figure(), .peakRatio, in: subfolder)
        return ratios
    }
}
