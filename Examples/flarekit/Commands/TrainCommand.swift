import ArgumentParser
import Architectures
import Datasets
import Foundation
import NeuralCore
import Pipelines

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network on a sample manifest with one paper's protocol.",
        discussion: """
            cnn1 and cnn2 follow Bhattacharjee et al. (2020): AR-grouped cross-validation \
            (--parts, --repetitions; --inner-parts regions of each training part decide the best \
            epoch, 0 for none), scored on the held-out regions. lrcn follows Guastavino et al. \
            (2022): videos from --sharp-dir, balanced training/validation/test realisations at \
            the paper's class rates, scored on each test set. Losses: wbce (C from the class \
            ratio), wbce:C, cnn1, sol-SCORE (sol-tss, sol-hss2, sol-csi, sol-f1, ...). The run \
            folder receives weights/ and checkpoints/ per split, the tables and figures, \
            summary.json and report.md. Progress on standard error.
            """)

    @Option(name: .long, help: "The sample manifest (flarekit index writes one).")
    var manifest: String

    @Option(name: .long, help: "The run folder.")
    var output: String

    @Option(name: .long, help: "Architecture: cnn1, cnn2 or lrcn.")
    var arch = "cnn2"

    @Option(name: .customLong("input-size"), help: "Square input (frame) size; default 256 (cnn2), 128 (cnn1, lrcn).")
    var inputSize: Int?

    @Option(name: .long, help: "Frames per video (lrcn; default 40).")
    var frames = 40

    @Option(name: .customLong("cadence-minutes"), help: "Minutes between video frames (lrcn; default 36).")
    var cadenceMinutes = 36.0

    @Option(name: .customLong("sharp-dir"), help: "The SHARP folder videos are built from (lrcn).")
    var sharpDirectory: String?

    @Option(name: .long, help: "Loss: wbce, wbce:C, cnn1 or sol-SCORE (default: wbce:4.5 for the CNNs, sol-tss for the LRCN).")
    var loss: String?

    @Option(name: .long, help: "Optimizer: adam or sgd.")
    var optimizer = "adam"

    @Option(name: .customLong("learning-rate"), help: "Learning rate (default 0.001).")
    var learningRate: Float = 1e-3

    @Option(name: .long, help: "SGD momentum.")
    var momentum: Float = 0

    @Option(name: .long, help: "Epochs per split (default 20 for the CNNs, 100 for the LRCN).")
    var epochs: Int?

    @Option(name: .customLong("batch-size"), help: "Minibatch size (default 64 for the CNNs, 128 for the LRCN).")
    var batchSize: Int?

    @Option(name: .long, help: "Seed of the splits, weights, order and augmentation.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "CNNs: parts each class's regions are split into.")
    var parts = 3

    @Option(name: .long, help: "CNNs: rounds of the split (folds).")
    var repetitions = 10

    @Option(name: .customLong("inner-parts"), help: "CNNs: split of the training regions for early stopping (0: none).")
    var innerParts = 4

    @Option(name: .long, help: "LRCN: balanced realisations.")
    var realisations = 10

    @Option(name: .customLong("training-size"), help: "LRCN: training samples per realisation (validation and test: a quarter each).")
    var trainingSize = 3000

    @Option(name: .long, help: "LRCN: c1 (C1+ flares) or m1 (M1+ flares).")
    var task = "m1"

    @Flag(inversion: .prefixedNo, help: "Random rotations and flips of the training inputs (default: on for the LRCN, off for the CNNs).")
    var augment: Bool?

    @Option(name: .long, help: "Resizing of the inputs: bilinear (default; Guastavino et al.), bicubic (Bhattacharjee et al.) or nearest. Stored in the weight files.")
    var interpolation = "bilinear"

    @Option(name: .long, help: "Clip the field to ±G gauss before scaling (default: no clip). Stored in the weight files; flarekit probe warns above it.")
    var clip: Float?

    func validate() throws {
        guard ["cnn1", "cnn2", "lrcn"].contains(arch) else { throw ValidationError("--arch must be cnn1, cnn2 or lrcn, not '\(arch)'") }
        if let loss, TrainingLoss(name: loss) == nil {
            throw ValidationError("--loss must be wbce, wbce:C, cnn1 or sol-SCORE (sol-tss, sol-hss2, ...), not '\(loss)'")
        }
        guard ["adam", "sgd"].contains(optimizer) else { throw ValidationError("--optimizer must be adam or sgd, not '\(optimizer)'") }
        guard ["c1", "m1"].contains(task) else { throw ValidationError("--task must be c1 or m1, not '\(task)'") }
        if arch == "lrcn", sharpDirectory == nil { throw ValidationError("--arch lrcn needs --sharp-dir (videos are built from it)") }
        guard learningRate.isFinite, learningRate > 0 else { throw ValidationError("--learning-rate must be positive") }
        guard cadenceMinutes.isFinite, cadenceMinutes > 0 else { throw ValidationError("--cadence-minutes must be positive") }
        for (name, value) in [("--frames", frames), ("--parts", parts), ("--repetitions", repetitions), ("--realisations", realisations),
                              ("--training-size", trainingSize), ("--epochs", epochs ?? 1), ("--batch-size", batchSize ?? 1),
                              ("--input-size", inputSize ?? 8)] where value < 1 {
            throw ValidationError("\(name) must be at least 1")
        }
        guard innerParts == 0 || innerParts >= 2 else { throw ValidationError("--inner-parts must be 0 or at least 2") }
        guard InputGeometry.Interpolation(rawValue: interpolation) != nil else {
            throw ValidationError("--interpolation must be bilinear, bicubic or nearest, not '\(interpolation)'")
        }
        if let clip, !(clip.isFinite && clip > 0) { throw ValidationError("--clip must be a positive number of gauss") }
    }

    func run() throws {
        try reportingErrors {
            let chosenOptimizer: TrainingOptimizer = optimizer == "sgd"
                ? .sgd(learningRate: learningRate, momentum: momentum) : .adam(learningRate: learningRate)
            let trainingProtocol: TrainingRun.TrainingProtocol
            if arch == "lrcn" {
                var c = GuastavinoConfiguration()
                c.frameSize = inputSize ?? 128
                c.video = VideoSpecification(frameCount: frames, cadence: cadenceMinutes * 60)
                if let loss { c.loss = TrainingLoss(name: loss) ?? c.loss }
                c.optimizer = chosenOptimizer
                c.epochs = epochs ?? c.epochs
                c.batchSize = batchSize ?? c.batchSize
                c.seed = seed
                c.realisations = realisations
                c.sizes = BalancedSetSizes(training: trainingSize, validation: max(1, trainingSize / 4), test: max(1, trainingSize / 4))
                c.task = task == "c1" ? .c1 : .m1
                if augment == false { c.augmentation = [] }
                c.interpolation = InputGeometry.Interpolation(rawValue: interpolation) ?? .bilinear
                c.preprocessing.clip = clip
                trainingProtocol = .guastavino(c)
            } else {
                var c = BhattacharjeeConfiguration()
                c.architecture = arch == "cnn1" ? .cnn1(CNN1Configuration()) : .cnn2(CNN2Configuration())
                c.inputSize = inputSize ?? (arch == "cnn1" ? 128 : 256)
                if let loss { c.loss = TrainingLoss(name: loss) ?? c.loss }
                c.optimizer = chosenOptimizer
                c.epochs = epochs ?? c.epochs
                c.batchSize = batchSize ?? c.batchSize
                c.seed = seed
                c.parts = parts
                c.repetitions = repetitions
                c.innerValidationParts = innerParts == 0 ? nil : innerParts
                if augment == true { c.augmentation = AugmentationTransform.guastavino2022 }
                c.interpolation = InputGeometry.Interpolation(rawValue: interpolation) ?? .bilinear
                c.preprocessing.clip = clip
                c.occlusion = nil   // flarekit occlusion and flarekit probe do these on the saved weights
                c.probeRadii = []
                trainingProtocol = .bhattacharjee(c)
            }
            let run = try RunFolder(at: URL(fileURLWithPath: output))
            let training = TrainingRun(
                protocol: trainingProtocol, manifest: URL(fileURLWithPath: manifest),
                sharpDirectory: sharpDirectory.map { URL(fileURLWithPath: $0) })
            let summary = try training.run(in: run)
            for key in ["bhattacharjee", "guastavino"] {
                guard let scores = summary[key] as? [String: Any], let mean = scores["tss_mean"] as? Double else { continue }
                let std = scores["tss_std"] as? Double
                let count = (scores["folds"] ?? scores["realisations"]) as? Int ?? 0
                print(String(format: "test TSS %.3f ± %.3f over %d %@", mean, std ?? 0, count,
                             key == "guastavino" ? "realisations" : "folds"))
            }
            print("report: \(run.url.appendingPathComponent("report.md").path)")
        }
    }
}
