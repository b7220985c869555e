import Datasets
import Evaluation
import Foundation
import NeuralCore

/// Bhattacharjee et al.'s hyper-parameter search (2020, Sect. 4.1): "We tune the
/// hyperparameters — learning rate lr and minibatch size N_BS — to optimize the mean value of
/// TSS over the 10 cross-validation runs." Every (learning rate, minibatch size) cell runs the
/// whole cross-validation of ``base`` with those two values; the best cell has the highest mean
/// TSS (ties: the first in the order learning rates, then minibatch sizes).
///
/// Cells are independent runs, each in `cells/lr-R_bs-B/` of the run folder with its own
/// weights, tables and `cell.json`; a rerun keeps every finished cell whose settings match and
/// trains only the others, so an interrupted search resumes. Prepared inputs are cached once
/// for all cells (`cache/inputs`). Under `mpirun` the ranks share the cells
/// (``run(samples:in:communicator:)``).
///
/// ```swift
/// var search = HyperparameterSearch(base: .paper(network: .cnn2, inputSize: 128))
/// search.learningRates = [1e-6, 5e-6, 1e-5]
/// search.batchSizes = [32, 64]
/// let result = try search.run(samples: manifest.samples, in: try RunFolder(at: URL(fileURLWithPath: "runs/tune")))
/// print(result.best?.name ?? "none")
/// ```
public struct HyperparameterSearch {
    /// The cross-validation every cell runs (its optimizer's learning rate and its minibatch
    /// size are replaced by the cell's; occlusion and probes are not run).
    public var base: BhattacharjeeConfiguration
    /// The learning rates searched.
    public var learningRates: [Float] = [1e-6, 5e-6, 1e-5]
    /// The minibatch sizes searched.
    public var batchSizes: [Int] = [32, 64]
    /// Progress lines.
    public var log: PipelineLog
    /// Resume an interrupted search (`flarekit tune --resume`): the folds an interrupted cell
    /// finished are kept and its interrupted fold continues from its checkpoint (taking over the
    /// lock its killed process left), as ``TrainingRun`` resumes (``SplitExecution/resume``).
    /// Finished cells are kept with or without it, so a folder started with other settings is
    /// always refused, naming them (`tune-run.json`), before anything is trained.
    public var resume = false
    /// Clear a run folder that holds another run (another search, or another command's run)
    /// before starting (`flarekit tune --overwrite`); without it such a folder is refused
    /// (``RunFolder/claim(record:settings:stored:overwrite:)``). Not with ``resume``.
    public var overwrite = false

    /// Creates a search over `base`.
    public init(base: BhattacharjeeConfiguration, log: PipelineLog = .standardError) {
        self.base = base
        self.log = log
    }

    /// The configuration of one cell.
    public func configuration(learningRate: Float, batchSize: Int) -> BhattacharjeeConfiguration {
        var c = base
        c.optimizer = switch base.optimizer {
        case .adam: .adam(learningRate: learningRate)
        case let .sgd(_, momentum): .sgd(learningRate: learningRate, momentum: momentum)
        }
        c.batchSize = batchSize
        c.occlusion = nil
        c.probeRadii = []
        return c
    }

    /// Checks the grid and every cell's settings (sizes and training memory at each minibatch
    /// size, ``BhattacharjeeConfiguration/validate()``) before anything is read or trained.
    /// - Throws: ``PipelinesError/invalidSetting(name:value:reason:)`` for an empty or bad grid
    ///   or a cell's bad setting.
    public func validate() throws {
        guard !learningRates.isEmpty, !batchSizes.isEmpty else {
            throw PipelinesError.invalidSetting(
                name: "grid", value: "\(learningRates.count) x \(batchSizes.count)", reason: "needs a learning rate and a minibatch size")
        }
        if let bad = learningRates.first(where: { !($0.isFinite && $0 > 0) }) {
            throw PipelinesError.invalidSetting(name: "learning rate", value: "\(bad)", reason: "must be positive")
        }
        if let bad = batchSizes.first(where: { $0 < 1 }) {
            throw PipelinesError.invalidSetting(name: "minibatch size", value: "\(bad)", reason: "must be at least 1")
        }
        guard Set(learningRates).count == learningRates.count, Set(batchSizes).count == batchSizes.count else {
            throw PipelinesError.invalidSetting(name: "grid", value: "\(learningRates) x \(batchSizes)", reason: "repeats a value")
        }
        for size in batchSizes { try configuration(learningRate: learningRates[0], batchSize: size).validate() }
        if overwrite, resume {
            throw PipelinesError.invalidSetting(name: "overwrite", value: "true", reason: "clears the search a resume continues: give one of them")
        }
    }

    /// Runs every cell not finished yet and writes `tune.json`, `tune.csv`, `tune.svg` and
    /// `report.md` into `run`.
    ///
    /// With several ranks (`mpirun -np N`) the cells are shared round robin (cell `k`, in the
    /// order learning rates then minibatch sizes, on rank `k % N`), each trained by its rank
    /// alone exactly as one process trains it; after a barrier every rank reads every cell's
    /// record and returns the whole result, and rank 0 alone writes the search's files, which
    /// are one process's apart from timings. `run` must be on a filesystem every rank sees.
    ///
    /// ```swift
    /// let result = try search.run(samples: samples, in: folder, communicator: communicator)
    /// if communicator.isRoot { print(result.best?.name ?? "none") }
    /// ```
    /// - Throws: ``PipelinesError/invalidSetting(name:value:reason:)`` for an empty or bad grid,
    ///   ``PipelinesError/stageFailed(stage:reason:)`` for a cell another rank did not record,
    ///   and the pipeline's and the communicator's errors.
    public func run(
        samples: [LabeledSample], in run: RunFolder, communicator: any Communicator = SingleProcessCommunicator.shared
    ) throws -> HyperparameterSearchResult {
        try validate()
        _ = try communicator.decidedOnRoot {
            try RunSettingsRecord.claim(settings(samples: samples), file: Self.settingsFileName, in: run, overwrite: overwrite)
            return true
        }
        let started = Date()
        let grid = learningRates.flatMap { rate in batchSizes.map { (rate: rate, size: $0) } }
        let total = grid.count
        var cells = [HyperparameterCell?](repeating: nil, count: total)
        for index in WorkShare.roundRobin(count: total, rank: communicator.rank, size: communicator.size) {
            let (rate, size) = grid[index]
            let c = configuration(learningRate: rate, batchSize: size)
            let settings = Self.settings(c, samples: samples)
            var cell = HyperparameterCell(learningRate: rate, batchSize: size, trueSkillStatistics: [], settings: settings)
            let record = "cells/\(cell.name)/cell.json"
            if let finished = Self.finishedCell(at: run.url.appendingPathComponent(record)) {
                guard finished.settings == settings else {
                    throw PipelinesError.invalidSetting(
                        name: "run folder", value: run.url.path,
                        reason: "its cell \(cell.name) was trained with other settings (\(finished.settings)) than this search "
                            + "(\(settings)); give another --output")
                }
                log("tune: \(cell.name) (\(index + 1)/\(total)) finished before: kept")
                cells[index] = finished
                continue
            }
            log("tune: \(cell.name) (\(index + 1)/\(total)): \(c.optimizer), minibatch \(size)")
            var pipeline = BhattacharjeePipeline(configuration: c, log: log)
            pipeline.subfolder = "cells/\(cell.name)"
            pipeline.cacheDirectory = run.url.appendingPathComponent("cache/inputs")
            pipeline.execution.resume = resume
            let result = try pipeline.run(samples: samples, in: run)
            cell.trueSkillStatistics = result.folds.map(\.trueSkillStatistic)
            try run.write(data: try JSONEncoder.sorted.encode(cell), to: record)
            cells[index] = cell
        }
        if communicator.size > 1 {
            try communicator.barrier()
            for index in grid.indices where cells[index] == nil {
                let name = HyperparameterCell(
                    learningRate: grid[index].rate, batchSize: grid[index].size, trueSkillStatistics: [], settings: "").name
                guard let finished = Self.finishedCell(at: run.url.appendingPathComponent("cells/\(name)/cell.json")) else {
                    throw PipelinesError.stageFailed(
                        stage: "hyper-parameter search", reason: "rank \(index % communicator.size) left no record of cell \(name)")
                }
                cells[index] = finished
            }
        }
        let result = try HyperparameterSearchResult(
            cells: cells.compactMap { $0 }, learningRates: learningRates, batchSizes: batchSizes,
            wallSeconds: Date().timeIntervalSince(started))
        if communicator.isRoot { try result.write(into: run) }
        return result
    }

    /// The search's settings record in its run folder (checked by every run of the folder).
    public static let settingsFileName = "tune-run.json"

    /// Every setting of the search by name (the grid, every setting of ``base`` prefixed
    /// `bhattacharjee.`, and the samples' digest).
    public func settings(samples: [LabeledSample]) -> NamedSettings {
        NamedSettings([
            "learning rates": learningRates.map { "\($0)" }.joined(separator: ","),
            "minibatch sizes": batchSizes.map { "\($0)" }.joined(separator: ","),
            "samples": "\(samples.count) samples \(Self.fingerprint(samples))",
        ]).merging(base.recordedSettings(prefix: "bhattacharjee."))
    }

    /// A finished cell's record, or `nil` when there is none or it cannot be read.
    static func finishedCell(at url: URL) -> HyperparameterCell? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(HyperparameterCell.self, from: data)
    }

    /// Every setting that decides a cell's result, as one line.
    static func settings(_ c: BhattacharjeeConfiguration, samples: [LabeledSample]) -> String {
        let preprocessing = (try? JSONEncoder.sorted.encode(c.preprocessing)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return [
            c.architecture.name, "\(c.inputSize)", preprocessing, c.interpolation.rawValue, "\(c.parts)x\(c.repetitions)",
            "\(c.innerValidationParts ?? 0)", "\(c.epochs)", "\(c.batchSize)", c.optimizer.description, c.loss.description,
            c.augmentation.map(\.rawValue).joined(separator: "+"), "\(c.threshold)", "\(c.seed)",
            c.chronologicalTest.map { "\($0.cut.timeIntervalSince1970)" } ?? "none",
            "\(samples.count) samples \(Self.fingerprint(samples))",
        ].joined(separator: " | ")
    }
}

extension HyperparameterSearch {
    /// A 64-bit FNV-1a digest of the samples' paths and labels, in hexadecimal.
    static func fingerprint(_ samples: [LabeledSample]) -> String {
        SampleDigest.fnv1a(samples.map { "\($0.observation.path)|\($0.regionLabel)\n" })
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }
}
