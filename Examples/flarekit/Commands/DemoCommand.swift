import ArgumentParser
import Foundation
import Datasets
import Pipelines

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run both papers' pipelines end to end on a generated SHARP archive.",
        discussion: """
            Generates the synthetic archive (240 active regions, 6,000 tile-compressed SHARP CEA \
            files, an SWPC flare list and the HARP-to-NOAA table), indexes, cuts and labels it as \
            real data, then runs the Bhattacharjee et al. (2020) pipeline (CNN-2 at 32 x 32, \
            weighted cross-entropy, AR-grouped cross-validation, recall versus time to flare, \
            flux-binned outputs, an occlusion map, a bipole radius sweep) and the Guastavino et al. \
            (2022) pipeline (LRCN on 8-frame videos, SOL-TSS loss, balanced realisations, TSS \
            distribution and per-class rates). Everything goes into the run folder: report.md, \
            summary.json, the figures, tables, weights and checkpoints. Progress on standard \
            error; the report's path and a score table on standard output. An archive already \
            generated with the same settings is reused, also after it moved (its record, \
            flarekit-archive.json, holds paths relative to it); one generated with other settings \
            or whose files are gone is an error, never generated again: only a new or empty \
            --archive folder is generated into.
            """)

    @Option(name: .long, help: "The run folder (default: a new folder under the system's temporary directory); not the --archive folder.")
    var output: String?

    @Option(name: .long, help: "Where the archive is generated or reused (default: OUTPUT/archive).")
    var archive: String?

    @Option(name: .long, help: "The seed of every random choice.")
    var seed: UInt64 = 2012

    @Option(name: .long, help: "Epochs of every training run (default 8 for the CNN, 10 for the LRCN).")
    var epochs: Int?

    @Option(name: .long, help: "Guastavino realisations (default 5).")
    var realisations: Int?

    @Option(name: .long, help: "Bhattacharjee cross-validation rounds (default 3).")
    var folds: Int?

    @Option(name: .customLong("input-size"), help: "Bhattacharjee CNN input size, pixels (default 32); refused above 4096 or beyond the memory available, before the archive is made.")
    var inputSize: Int?

    @Option(name: .customLong("frame-size"), help: "Guastavino LRCN frame size, pixels (default 32); refused above 4096 or beyond the memory available, before the archive is made.")
    var frameSize: Int?

    @Option(name: .customLong("training-size"), help: "Guastavino training set size; validation and test get a quarter each (default \(DemoConfiguration().guastavino.sizes.training)).")
    var trainingSize: Int?

    @Option(name: .customLong("learning-rate"), help: "Adam's learning rate for both pipelines (default 0.001).")
    var learningRate: Float?

    @Flag(name: .customLong("skip-bhattacharjee"), help: "Run only the Guastavino pipeline.")
    var skipBhattacharjee = false

    @Flag(name: .customLong("skip-guastavino"), help: "Run only the Bhattacharjee pipeline.")
    var skipGuastavino = false

    @Flag(name: .long, help: "Continue an interrupted demo in --output: keep the finished folds and realisations, continue an interrupted one from its checkpoint and take over the lock the killed process left; a folder started with other settings is refused, naming them.")
    var resume = false

    @OptionGroup var figures: FigureFormatOption

    @OptionGroup var overwriting: OverwriteOption

    func validate() throws {
        for (name, value) in [
            ("--epochs", epochs), ("--realisations", realisations), ("--folds", folds), ("--input-size", inputSize),
            ("--frame-size", frameSize), ("--training-size", trainingSize),
        ] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
        if let learningRate, !(learningRate.isFinite && learningRate > 0) {
            throw ValidationError("--learning-rate must be positive")
        }
        if skipBhattacharjee && skipGuastavino { throw ValidationError("skipping both pipelines leaves nothing to run") }
        if resume, output == nil { throw ValidationError("--resume needs the --output of the interrupted demo") }
        try overwriting.check(resume: resume)
    }

    func run() throws {
        try reportingErrors {
            var configuration = DemoConfiguration(seed: seed)
            if let epochs {
                configuration.bhattacharjee.epochs = epochs
                configuration.guastavino.epochs = epochs
            }
            if let inputSize { configuration.bhattacharjee.inputSize = inputSize }
            if let frameSize { configuration.guastavino.frameSize = frameSize }
            if let trainingSize {
                configuration.guastavino.sizes = BalancedSetSizes(
                    training: trainingSize, validation: max(1, trainingSize / 4), test: max(1, trainingSize / 4))
            }
            if let learningRate {
                configuration.bhattacharjee.optimizer = .adam(learningRate: learningRate)
                configuration.guastavino.optimizer = .adam(learningRate: learningRate)
            }
            if let realisations { configuration.guastavino.realisations = realisations }
            if let folds { configuration.bhattacharjee.repetitions = folds }
            configuration.runsBhattacharjee = !skipBhattacharjee
            configuration.runsGuastavino = !skipGuastavino
            let folder = output.map { URL(fileURLWithPath: $0) }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-demo-\(Self.timestamp())")
            var files = CommandFiles()
            files.write(folder.path, option: "--output", kind: .folder)
            files.write(archive, option: "--archive", kind: .folder)
            try files.check()
            var demo = Demo(configuration: configuration)
            demo.archiveDirectory = archive.map { URL(fileURLWithPath: $0) }
            demo.resume = resume
            demo.overwrite = overwriting.overwrite
            let result = try RunFolder.using(folder, figureFormats: try figures.formats()) { run in
                FileHandle.standardError.write(Data("demo: run folder \(run.url.path)\n".utf8))
                return try demo.run(in: run)
            }
            print(result.scoreTable)
            print(String(format: "wall time: %.0f s", result.wallSeconds))
            print("report: \(result.reportPath)")
        }
    }

    static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: Date())
    }
}
