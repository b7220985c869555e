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

    /// An ensemble of models already loaded.
    /// - Throws: ``PipelinesError/insufficientData(stage:reason:)`` for no members;
    ///   ``PipelinesError/invalidSetting(name:value:reason:)`` for an invalid configuration.
    public init(members: [EnsembleMember], configuration: EnsemblePredictionConfiguration = .init()) throws {
        guard !members.isEmpty else {
            throw PipelinesError.insufficientData(stage: "ensemble prediction", reason: "no weight files given")
        }
        try configuration.validate()
        self.members = members
        self.configuration = configuration
    }

    /// Loads every weight file (``EnsembleMember/load(weights:architecture:inputSize:frames:)``:
    /// the metadata decides; the optional architecture and sizes must agree with it, and build
    /// the files that have none).
    /// - Throws: the first file's loading error, naming it; as ``init(members:configuration:)``.
    public init(
        weights: [URL], architecture: String? = nil, inputSize: Int? = nil, frames: Int? = nil,
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
    /// - Parameters:
    ///   - input: a batch, FITS files, a manifest or labelled samples.
    ///   - progress: called on the calling thread with the samples done and the total,
    ///     once before the first batch and after each batch.
    /// - Throws: ``PipelinesError`` for empty input, a batch shape a model does not take, an
    ///   LRCN given the wrong number of FITS frames, a manifest for an LRCN without an archive,
    ///   an LRCN mixed with CNNs on FITS files, or a non-finite probability; the readers' errors
    ///   naming a file that cannot be read (weights, `.npy`, FITS, manifest).
    public func predict(
        _ input: PredictionInput, progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> EnsemblePrediction {
        let plan = try PredictionPlan(input: input, members: members, configuration: configuration)
        let total = plan.ids.count
        var columns = [[Float]](repeating: [], count: members.count)
        for index in columns.indices { columns[index].reserveCapacity(total) }
        progress?(0, total)
        var start = 0
        while start < total {
            let indices = Array(start..<min(start + configuration.batchSize, total))
            for feed in plan.feeds {
                let inputs = try feed.source.batch(indices).inputs
                for member in feed.members {
                    try columns[member].append(contentsOf: run(member, on: inputs, ids: indices.map { plan.ids[$0] }))
                }
            }
            start += indices.count
            progress?(start, total)
        }
        let samples = (0..<total).map { sample in
            EnsemblePrediction.Sample(
                id: plan.ids[sample], probabilities: columns.map { $0[sample] }, label: plan.labels?[sample].label,
                sampleClass: plan.labels?[sample].sampleClass, sampleIndex: plan.sourceIndices?[sample])
        }
        return EnsemblePrediction(models: weightPaths, samples: samples, skipped: plan.skipped)
    }

    /// Member `index`'s probabilities for one batch, checked to be one finite value per sample.
    private func run(_ index: Int, on inputs: Tensor, ids: [String]) throws -> [Float] {
        let member = members[index]
        let output: Tensor
        do {
            output = try member.model.forward(inputs, mode: .inference)
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
