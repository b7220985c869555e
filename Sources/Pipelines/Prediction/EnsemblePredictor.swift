import Architectures
import Datasets
import Foundation
import NeuralCore

/// Runs several trained networks on the same samples and reports each network's probability
/// and their median: the ensemble of Guastavino et al.'s (2022, Sect. 5) realisation networks
/// (one network per random realisation of the training set; see
/// ``EnsemblePrediction/median(of:)`` for what the paper reports and what FlareKit adds).
///
/// Every model is rebuilt from its weight file's metadata and fed the way that file says
/// (``EnsembleMember/preparation()``), so a CNN-1 at 128 and a CNN-2 at 256 run on the same
/// FITS files, each on its own resized inputs; members whose preparations are equal share the
/// loaded batch. The inputs (``PredictionInput``) are read lazily, one batch at a time
/// (`MagnetogramBatchSource` / `VideoBatchSource`), so memory stays bounded whatever the
/// number of files. A single model is an ensemble of one: its median is its probability.
///
/// ```swift
/// let predictor = try EnsemblePredictor(weights: (1...10).map { URL(fileURLWithPath: "run/lrcn-\($0).safetensors") })
/// let prediction = try predictor.predict(
///     .manifest(URL(fileURLWithPath: "run/manifest.json"), archive: URL(fileURLWithPath: "sharp"))
/// ) { done, total in print("\(done)/\(total)") }
/// try prediction.writeCSV(to: URL(fileURLWithPath: "run/predictions.csv"))
/// print(prediction.skipped.count, "videos could not be filled")
/// ```
public struct EnsemblePredictor {
    /// The networks, in column order.
    public let members: [EnsembleMember]
    /// The batch size and video cadence.
    public let configuration: EnsemblePredictionConfiguration
    /// The label and video cadence the members agree on (from their metadata).
    public let agreement: EnsembleAgreement
    /// Where the inputs of manifest samples are prepared first, one HDF5 data set per
    /// preparation (``PreparedDataSetCache``; a video's frames once, however many videos share
    /// them); `nil`: every batch reads its FITS files.
    public var inputCache: PreparedDataSetCache?

    /// An ensemble of models already loaded.
    /// - Throws: ``PipelinesError/insufficientData(stage:reason:)`` for no members;
    ///   ``PipelinesError/invalidSetting(name:value:reason:)`` for an invalid configuration, or
    ///   a member whose batches need more memory than is available (``InferenceMemoryEstimate``);
    ///   ``EnsembleAgreement``'s errors for members or settings that disagree.
    public init(members: [EnsembleMember], configuration: EnsemblePredictionConfiguration = .init()) throws {
        guard !members.isEmpty else {
            throw PipelinesError.insufficientData(stage: "ensemble prediction", reason: "no weight files given")
        }
        try configuration.validate()
        agreement = try EnsembleAgreement(members: members, configuration: configuration)
        if let available = AvailableMemory.current() {
            for member in members {
                let estimate = try InferenceMemoryEstimate(architecture: member.model.configuration, batchSize: configuration.batchSize)
                guard estimate.totalBytes <= available.bytes else {
                    throw PipelinesError.invalidSetting(
                        name: "batch size", value: "\(configuration.batchSize)",
                        reason: "\(member.path) (\(member.model.kind), input \(member.sampleShape)) needs an estimated "
                            + "\(TrainingMemoryEstimate.gibibytes(estimate.totalBytes)) per batch, but "
                            + "\(TrainingMemoryEstimate.gibibytes(available.bytes)) are available (\(available.source)); use a smaller batch")
                }
            }
        }
        self.members = members
        self.configuration = configuration
    }

    /// Loads every weight file (``EnsembleMember/load(weights:architecture:inputSize:frames:)``:
    /// the metadata decides; the optional architecture and sizes must agree with it, and build
    /// the files that have none).
    /// - Throws: the first file's loading error, naming it; as ``init(members:configuration:)``.
    public init(
        weights: [URL], architecture: ArchitectureName? = nil, inputSize: Int? = nil, frames: Int? = nil,
        configuration: EnsemblePredictionConfiguration = .init()
    ) throws {
        guard !weights.isEmpty else {
            throw PipelinesError.insufficientData(stage: "ensemble prediction", reason: "no weight files given")
        }
        try configuration.validate()
        let members = try weights.map {
            try EnsembleMember.load(weights: $0, architecture: architecture, inputSize: inputSize, frames: frames)
        }
        try self.init(members: members, configuration: configuration)
    }

    /// The weight files, in column order.
    public var weightPaths: [String] { members.map(\.path) }

    /// Predicts every sample of `input` with every member.
    ///
    /// With several ranks (`mpirun -np N`), the batches are shared round robin among the ranks
    /// (batch `b` on rank `b % N`, each batch the samples it holds in one process) and every
    /// rank receives the others' probabilities (`allgather`), so every rank returns the whole
    /// prediction, identical to one process's; rank 0 alone should write it. Every rank must
    /// call this with the same input and members.
    ///
    /// ```swift
    /// let prediction = try predictor.predict(.magnetograms(files), communicator: communicator)
    /// if communicator.isRoot { try prediction.writeCSV(to: output) }
    /// ```
    /// - Parameters:
    ///   - input: a batch, FITS files, a manifest or labelled samples.
    ///   - communicator: the ranks sharing the batches; one process by default.
    ///   - progress: called on the calling thread with the samples this rank has done and the
    ///     samples it predicts (every sample in one process), once before its first batch and
    ///     after each batch.
    /// - Throws: ``PipelinesError`` for empty input, a batch shape a model does not take, an
    ///   LRCN given the wrong number of FITS frames, FITS frames of an LRCN video that are not
    ///   one region's frames in order at the model's cadence
    ///   (``PipelinesError/inconsistentFrames(first:second:problem:)``, unless the
    ///   configuration's `allowMixedFrames`), a manifest for an LRCN without an archive,
    ///   an LRCN mixed with CNNs on FITS files, or a non-finite probability;
    ///   `MagnetogramError.notSHARPMagnetogram` for a FITS file that is not a SHARP CEA
    ///   line-of-sight magnetogram (unless the configuration's `acceptAnyImage`);
    ///   ``PipelinesError/nonFiniteInput(sample:element:value:)`` naming a sample that holds a
    ///   NaN or an infinity (checked before any network runs on it); the readers' errors
    ///   naming a file that cannot be read (weights, `.npy`, FITS, manifest); the
    ///   communicator's errors.
    public func predict(
        _ input: PredictionInput, communicator: any Communicator = SingleProcessCommunicator.shared,
        progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> EnsemblePrediction {
        let plan = try PredictionPlan(
            input: input, members: members, configuration: configuration, agreement: agreement, inputCache: inputCache)
        let total = plan.ids.count
        let batchSize = configuration.batchSize
        let batches = (0..<((total + batchSize - 1) / batchSize)).map { $0 * batchSize..<min(($0 + 1) * batchSize, total) }
        let shares = (0..<communicator.size).map { WorkShare.roundRobin(count: batches.count, rank: $0, size: communicator.size) }
        // This rank's batches, each as its members' probabilities one member after another.
        var mine: [Float] = []
        let myTotal = shares[communicator.rank].reduce(0) { $0 + batches[$1].count }
        mine.reserveCapacity(myTotal * members.count)
        var done = 0
        progress?(0, myTotal)
        for batch in shares[communicator.rank] {
            let indices = Array(batches[batch])
            var columns = [[Float]](repeating: [], count: members.count)
            for feed in plan.feeds {
                let inputs = try feed.source.batch(indices).inputs
                for member in feed.members {
                    columns[member] = try run(member, on: inputs, ids: indices.map { plan.ids[$0] })
                }
            }
            for column in columns { mine.append(contentsOf: column) }
            done += indices.count
            progress?(done, myTotal)
        }
        let gathered = communicator.size > 1 ? try communicator.allgather(mine) : [mine]
        var columns = [[Float]](repeating: [Float](repeating: 0, count: total), count: members.count)
        for (rank, share) in shares.enumerated() {
            var offset = 0
            for batch in share {
                let range = batches[batch]
                guard gathered[rank].count >= offset + range.count * members.count else {
                    throw PipelinesError.stageFailed(
                        stage: "ensemble prediction", reason: "rank \(rank) sent \(gathered[rank].count) probabilities, too few")
                }
                for member in members.indices {
                    columns[member].replaceSubrange(range, with: gathered[rank][offset..<(offset + range.count)])
                    offset += range.count
                }
            }
        }
        let samples = (0..<total).map { sample in
            var predicted = EnsemblePrediction.Sample(
                id: plan.ids[sample], probabilities: columns.map { $0[sample] }, label: plan.labels?[sample].label,
                sampleClass: plan.labels?[sample].sampleClass, sampleIndex: plan.sourceIndices?[sample])
            if let observation = plan.observations[sample] {
                predicted.harpNumber = observation.harpNumber
                predicted.noaaRegions = observation.noaaRegions
                predicted.time = observation.time
            }
            return predicted
        }
        var prediction = EnsemblePrediction(models: weightPaths, samples: samples, skipped: plan.skipped)
        prediction.target = plan.labels == nil ? nil : agreement.target
        prediction.splits = members.map(\.recordedSplit)
        prediction.warnings = plan.warnings
        return prediction
    }

    /// Member `index`'s probabilities for one batch, checked to be one finite value per sample.
    private func run(_ index: Int, on inputs: Tensor, ids: [String]) throws -> [Float] {
        let member = members[index]
        let output: Tensor
        do {
            output = try member.model.forward(inputs, mode: .inference)
        } catch let NeuralCoreError.nonFiniteInput(sample, element, value) where ids.indices.contains(sample) {
            throw PipelinesError.nonFiniteInput(sample: ids[sample], element: element, value: value)
        } catch {
            throw PipelinesError.stageFailed(stage: "prediction by \(member.path)", reason: "\(error)")
        }
        guard output.count == ids.count else {
            throw PipelinesError.stageFailed(
                stage: "prediction by \(member.path)",
                reason: "\(output.count) outputs for \(ids.count) samples (output shape \(output.shape))")
        }
        let probabilities = output.scalars
        if let bad = probabilities.firstIndex(where: { !$0.isFinite }) {
            throw PipelinesError.stageFailed(
                stage: "prediction by \(member.path)",
                reason: "probability \(probabilities[bad]) for \(ids[bad]) (a non-finite input value?)")
        }
        return probabilities
    }
}
