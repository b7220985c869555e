import ArgumentParser
import Architectures
import Datasets
import Foundation
import NeuralCore
import Pipelines
import Resampling

/// The options `flarekit train` and `flarekit tune` share: the protocol preset and every
/// setting that overrides it.
struct TrainingOptions: ParsableArguments {
    @Option(name: .long, help: "paper: the paper's protocol as published; flarekit: FlareKit's defaults (see the discussion); demo: what flarekit demo trains (smaller networks at 32 px, 8-frame videos at 144 min, C1+, 1200/300/300 sets built even when a class falls short), for the demo's archive. Flags given explicitly override any of them.")
    var `protocol` = "flarekit"

    @Option(name: .long, help: "The network: CNN-1 or CNN-2 of Bhattacharjee et al. (2020), or the LRCN of Guastavino et al. (2022).")
    var arch = ArchitectureName.cnn2

    @Option(name: .customLong("input-size"), help: "Square input (frame) size; default 256 (cnn2), 128 (cnn1, lrcn), 32 under the demo protocol. Refused above 4096, or when the estimated training memory exceeds the memory available (MemAvailable or the cgroup limit).")
    var inputSize: Int?

    @Option(name: .long, help: "Frames per video (lrcn; default 40).")
    var frames: Int?

    @Option(name: .customLong("cadence-minutes"), help: "Minutes between video frames (lrcn; default 36).")
    var cadenceMinutes: Double?

    @Option(name: .customLong("sharp-dir"), help: "The SHARP folder: the manifest's magnetograms are looked up there (instead of at their paths relative to the manifest); lrcn videos are built from it.")
    var sharpDirectory: String?

    @Option(name: .long, help: "Loss: wbce, wbce:C, cnn1 or sol-SCORE (default: wbce:4.5 for CNN-2, cnn1 for CNN-1 under the paper protocol, sol-tss for the LRCN).")
    var loss: String?

    @Option(name: .long, help: "Optimizer: adam or sgd (default: adam; sgd for the CNNs under the paper protocol).")
    var optimizer: String?

    @Option(name: .customLong("learning-rate"), help: "Learning rate (default 0.001; 5e-6 for the CNNs under the paper protocol).")
    var learningRate: Float?

    @Option(name: .long, help: "SGD momentum (default 0).")
    var momentum: Float?

    @Option(name: .long, help: "Epochs per split (default 20 for the CNNs, 50 under the paper protocol, 100 for the LRCN).")
    var epochs: Int?

    @Option(name: .customLong("batch-size"), help: "Minibatch size (default 64 for the CNNs, 128 for the LRCN).")
    var batchSize: Int?

    @Option(name: .long, help: "Seed of the splits, weights, order and augmentation.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "CNNs: parts each class's regions are split into (default 3).")
    var parts: Int?

    @Option(name: .long, help: "CNNs: rounds of the split, i.e. folds (default 10).")
    var repetitions: Int?

    @Option(name: .customLong("inner-parts"), help: "CNNs: split of the training regions for early stopping, 0 for none (default 4; 0 under the paper protocol).")
    var innerParts: Int?

    @Option(name: .customLong("test-from"), help: "CNNs: regions first seen on or after this UTC date (YYYY-MM-DD) are the chronological test set, or none (default none; 2015-10-01 under the paper protocol).")
    var testFrom: String?

    @Option(name: .long, help: "LRCN: balanced realisations (default 10).")
    var realisations: Int?

    @Option(name: .customLong("training-size"), help: "LRCN: training samples per realisation, validation and test a quarter each (default 3000).")
    var trainingSize: Int?

    @Option(name: .long, help: "LRCN: when the archive cannot fill a set at the class rates, scale-down (default: shrink all three sets until it can), report (build them anyway, the short classes listed) or fail.")
    var shortfall: String?

    @Option(name: .long, help: "LRCN: c1 (C1+ flares), m1 (M1+ flares) or both (default m1; both under the paper protocol, c1 under the demo protocol).")
    var task: String?

    @Flag(inversion: .prefixedNo, help: "Random rotations and flips of the training inputs (default: on for the LRCN, off for the CNNs; the paper protocol expands every LRCN set instead).")
    var augment: Bool?

    @Option(name: .long, help: "Resizing of the inputs: bilinear, bicubic or nearest (default bilinear; bicubic for the CNNs under the paper protocol). Stored in the weight files.")
    var interpolation: String?

    @Flag(name: .customLong("hale-joy-comparison"), help: "CNNs: retrain every fold with the Hale/Joy normalisation and sweep the bipole radius through both sets of models (Fig. 11; doubles the training time).")
    var haleJoyComparison = false

    @Option(name: .long, help: "Clip the field to ±G gauss before scaling (default: no clip). Stored in the weight files; flarekit probe warns above it.")
    var clip: Float?

    func validate() throws {
        guard TrainingProtocolName(rawValue: `protocol`) != nil else {
            throw ValidationError("--protocol must be paper, flarekit or demo, not '\(`protocol`)'")
        }
        if let loss, TrainingLoss(name: loss) == nil {
            throw ValidationError("--loss must be wbce, wbce:C, cnn1 or sol-SCORE (sol-tss, sol-hss2, ...), not '\(loss)'")
        }
        if let optimizer, !["adam", "sgd"].contains(optimizer) { throw ValidationError("--optimizer must be adam or sgd, not '\(optimizer)'") }
        if let task, !["c1", "m1", "both"].contains(task) { throw ValidationError("--task must be c1, m1 or both, not '\(task)'") }
        if arch == .lrcn, sharpDirectory == nil { throw ValidationError("--arch lrcn needs --sharp-dir (videos are built from it)") }
        if let learningRate, !(learningRate.isFinite && learningRate > 0) { throw ValidationError("--learning-rate must be positive") }
        if let momentum, !(momentum.isFinite && momentum >= 0 && momentum < 1) { throw ValidationError("--momentum must lie in [0, 1)") }
        if let cadenceMinutes, !(cadenceMinutes.isFinite && cadenceMinutes > 0) { throw ValidationError("--cadence-minutes must be positive") }
        for (name, value) in [("--frames", frames), ("--parts", parts), ("--repetitions", repetitions), ("--realisations", realisations),
                              ("--training-size", trainingSize), ("--epochs", epochs), ("--batch-size", batchSize),
                              ("--input-size", inputSize)] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
        if let innerParts, innerParts != 0, innerParts < 2 { throw ValidationError("--inner-parts must be 0 or at least 2") }
        if let interpolation, ResizeMethod(rawValue: interpolation) == nil {
            throw ValidationError("--interpolation must be bilinear, bicubic or nearest, not '\(interpolation)'")
        }
        if let clip, !(clip.isFinite && clip > 0) { throw ValidationError("--clip must be a positive number of gauss") }
        if let shortfall, Self.shortfallPolicy(shortfall) == nil {
            throw ValidationError("--shortfall must be scale-down, report or fail, not '\(shortfall)'")
        }
        if let testFrom, testFrom != "none", Self.day(testFrom) == nil {
            throw ValidationError("--test-from must be a date YYYY-MM-DD or none, not '\(testFrom)'")
        }
    }

    /// A UTC date `YYYY-MM-DD` as its midnight.
    static func day(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }

    /// The optimizer the flags ask for, on top of `preset`.
    func chosenOptimizer(_ preset: TrainingOptimizer) -> TrainingOptimizer {
        let presetMomentum: Float = if case let .sgd(_, m) = preset { m } else { 0 }
        let presetKind = if case .sgd = preset { "sgd" } else { "adam" }
        let kind = optimizer ?? presetKind
        let rate = learningRate ?? preset.learningRate
        return kind == "sgd" ? .sgd(learningRate: rate, momentum: momentum ?? presetMomentum) : .adam(learningRate: rate)
    }

    /// The CNN protocol: the preset, then every flag given.
    func bhattacharjeeConfiguration(_ name: TrainingProtocolName) throws -> BhattacharjeeConfiguration {
        let network: BhattacharjeeConfiguration.Network = arch == .cnn1 ? .cnn1 : .cnn2
        let size = inputSize ?? (name == .demo ? 32 : arch == .cnn1 ? 128 : 256)
        var c: BhattacharjeeConfiguration
        if name == .paper {
            c = .paper(network: network, inputSize: size)
        } else if name == .demo {
            c = .demo(network: network, seed: seed)
            c.inputSize = size
        } else {
            c = BhattacharjeeConfiguration()
            c.architecture = network == .cnn1 ? .cnn1(CNN1Configuration()) : .cnn2(CNN2Configuration())
            c.inputSize = size
        }
        if let loss { c.loss = TrainingLoss(name: loss) ?? c.loss }
        c.optimizer = chosenOptimizer(c.optimizer)
        c.epochs = epochs ?? c.epochs
        c.batchSize = batchSize ?? c.batchSize
        c.seed = seed
        c.parts = parts ?? c.parts
        c.repetitions = repetitions ?? c.repetitions
        if let innerParts { c.innerValidationParts = innerParts == 0 ? nil : innerParts }
        if let augment { c.augmentation = augment ? AugmentationTransform.guastavino2022 : [] }
        if let interpolation { c.interpolation = ResizeMethod(rawValue: interpolation) ?? c.interpolation }
        if let clip { c.preprocessing.clip = clip }
        if let testFrom {
            c.chronologicalTest = testFrom == "none" ? nil : Self.day(testFrom).map { ChronologicalSplit(cut: $0) }
        }
        c.occlusion = nil   // flarekit occlusion and flarekit probe do these on the saved weights
        c.probeRadii = []
        c.haleJoyComparison = haleJoyComparison
        return c
    }

    /// The LRCN protocol for one task: the preset, then every flag given.
    func guastavinoConfiguration(_ name: TrainingProtocolName) -> (FlareTask) -> GuastavinoConfiguration {
        { flareTask in
            var c = switch name {
            case .paper: GuastavinoConfiguration.paper(task: flareTask)
            case .demo: GuastavinoConfiguration.demo(task: flareTask, seed: seed)
            case .flarekit: GuastavinoConfiguration()
            }
            c.task = flareTask
            c.frameSize = inputSize ?? c.frameSize
            if frames != nil || cadenceMinutes != nil {
                c.video = VideoSpecification(
                    frameCount: frames ?? c.video.frameCount, cadence: cadenceMinutes.map { $0 * 60 } ?? c.video.cadence)
            }
            if let loss { c.loss = TrainingLoss(name: loss) ?? c.loss }
            c.optimizer = chosenOptimizer(c.optimizer)
            c.epochs = epochs ?? c.epochs
            c.batchSize = batchSize ?? c.batchSize
            c.seed = seed
            c.realisations = realisations ?? c.realisations
            if let trainingSize {
                c.sizes = BalancedSetSizes(training: trainingSize, validation: max(1, trainingSize / 4), test: max(1, trainingSize / 4))
            }
            if augment == false {
                c.augmentation = []
                c.expandsEverySet = false
            }
            if let interpolation { c.interpolation = ResizeMethod(rawValue: interpolation) ?? c.interpolation }
            if let clip { c.preprocessing.clip = clip }
            if let shortfall { c.shortfallPolicy = Self.shortfallPolicy(shortfall) ?? c.shortfallPolicy }
            return c
        }
    }
}

extension TrainingOptions {
    /// The protocol preset named by `--protocol`.
    var protocolName: TrainingProtocolName { TrainingProtocolName(rawValue: `protocol`) ?? .flarekit }

    /// `--shortfall` as a policy.
    static func shortfallPolicy(_ name: String) -> ShortfallPolicy? {
        switch name {
        case "scale-down": .scaleDown
        case "report": .report
        case "fail": .fail
        default: nil
        }
    }
}
