import ArgumentParser
import Architectures
import Datasets
import Evaluation
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
            folder receives weights/, checkpoints/ and records/ per split, the tables and figures, \
            summary.json and report.md. Progress on standard error. \
            --protocol paper runs a paper as published: for the CNNs SGD at 5e-6, batches of 64, \
            wbce:4.5 (CNN-2) or the CNN-1 loss, bicubic resizing, gauss, no clip, 3 parts x 10 \
            rounds validated on the held-out part, 50 epochs (the paper does not say), regions \
            from 2015-10-01 on as the chronological test set; for the LRCN 3000/750/750 sets \
            each expanded five-fold by rotations and flips, SOL-TSS, Adam, 100 epochs of 128, \
            the C1+ and the M1+ task. --protocol flarekit (the default) keeps FlareKit's choices \
            (Adam at 1e-3, 20 epochs, an inner early-stopping split, kG, bilinear). --protocol demo \
            trains what flarekit demo trains: smaller networks (CNN-2 stem 16/32, inception 16; \
            a two-convolution LRCN) at 32 px, 8-frame videos at 144 min, C1+, sets built even when \
            a class falls short; it runs on the demo's archive in minutes. report.md and \
            summary.json name the protocol and list every departure from the paper. \
            Folds and realisations are independent: --splits 0,3,7 trains only those (a Slurm \
            array task each, all into one --output); the task that finds every split finished \
            assembles the report, or run flarekit collect RUN. --resume keeps finished splits and \
            continues an interrupted one from its checkpoint, to the same weights. An --output \
            holding a run with other settings (or another command's run) is refused, naming the \
            settings that differ, unless --overwrite clears it first.
            """)

    @Option(name: .long, help: "The sample manifest (flarekit index writes one).")
    var manifest: String

    @Option(name: .long, help: "The run folder; one that is or holds an input, or that another live process is working in (a *.lock of a running process), is refused before anything is written.")
    var output: String

    @OptionGroup var options: TrainingOptions

    @Flag(name: .customLong("accept-any-image"), help: "Index files of --sharp-dir that are not SHARP CEA line-of-sight magnetograms (CTYPE CRLN-CEA/CRLT-CEA, BUNIT Mx/cm^2 or Gauss, 0.01-0.3 deg/px) too.")
    var acceptAnyImage = false

    @Option(name: .long, help: "Train only these folds (realisations), 0-based and comma-separated (0,3,7); the others are left to other tasks into the same --output. Default: all.")
    var splits: String?

    @Flag(name: .long, help: "Keep the splits already finished with the same settings, continue an interrupted one from its checkpoint, and take over the locks of a killed run. Settings other than the run folder's are refused.")
    var resume = false

    @Flag(name: .customLong("data-parallel"), help: "Under MPI: train each split in turn with every rank (data parallelism) instead of sharing the splits out among the ranks.")
    var dataParallel = false

    @OptionGroup var compute: ThreadsOption

    @OptionGroup var figures: FigureFormatOption

    @OptionGroup var overwriting: OverwriteOption

    func validate() throws {
        _ = try Self.selection(splits)
        try overwriting.check(resume: resume, splits: splits != nil)
    }

    /// `--splits` as a set of positions; `nil` when not given.
    static func selection(_ text: String?) throws -> Set<Int>? {
        guard let text else { return nil }
        let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var positions: [Int] = []
        for field in fields {
            guard let position = Int(field), position >= 0 else {
                throw ValidationError("--splits must list split positions counted from 0 (0,3,7), not '\(field)' in '\(text)'")
            }
            guard !positions.contains(position) else { throw ValidationError("--splits names split \(position) twice in '\(text)'") }
            positions.append(position)
        }
        return Set(positions)
    }

    func run() throws {
        try runDistributed(threads: compute.threads) { communicator in
            var training = try trainingRun()
            training.execution = SplitExecution(
                selection: try Self.selection(splits), resume: resume, communicator: communicator, dataParallel: dataParallel)
            if communicator.size > 1 {
                // Data parallelism: rank 0 speaks for all; shared-out splits: every rank names itself.
                training.log = dataParallel && !communicator.isRoot
                    ? .silent : training.log.prefixed("rank \(communicator.rank)/\(communicator.size): ")
            }
            training.arguments = Self.storedArguments(Array(CommandLine.arguments.dropFirst()))
            training.overwrite = overwriting.overwrite
            try training.validate()   // before the run folder is created
            var files = CommandFiles()
            files.read(manifest, option: "--manifest")
            files.read(options.sharpDirectory, option: "--sharp-dir", kind: .folder)
            files.write(output, option: "--output", kind: .folder)
            try files.check()
            try RunFolder.using(URL(fileURLWithPath: output), figureFormats: try figures.formats()) { run in
                switch try training.train(in: run) {
                case let .assembled(summary):
                    Self.printScores(summary, run: run)
                case let .incomplete(status):
                    print("splits finished: \(status.present.count) of \(status.present.count + status.missing.count); missing: "
                        + status.missing.joined(separator: ", "))
                    print("when they are finished: flarekit collect \(run.url.path)")
                case let .assembledElsewhere(who):
                    if communicator.isRoot { print("assembled by \(who)") }
                }
            }
        }
    }

    /// The training run these options describe (`flarekit collect` rebuilds it from the stored arguments).
    func trainingRun() throws -> TrainingRun {
        let name = options.protocolName
        let trainingProtocol: TrainingRun.TrainingProtocol
        if options.arch == .lrcn {
            let tasks: [FlareTask] = switch options.task ?? (name == .paper ? "both" : name == .demo ? "c1" : "m1") {
            case "c1": [.c1]
            case "both": [.c1, .m1]
            default: [.m1]
            }
            let configurations = tasks.map(options.guastavinoConfiguration(name))
            trainingProtocol = configurations.count == 1 ? .guastavino(configurations[0]) : .guastavinoTasks(configurations)
        } else {
            trainingProtocol = .bhattacharjee(try options.bhattacharjeeConfiguration(name))
        }
        var training = TrainingRun(
            protocol: trainingProtocol, manifest: URL(fileURLWithPath: manifest),
            sharpDirectory: options.sharpDirectory.map { URL(fileURLWithPath: $0) })
        training.protocolName = name
        training.acceptAnyImage = acceptAnyImage
        return training
    }

    /// The test TSS lines of the run's results and the report's path.
    static func printScores(_ summary: TrainingRunSummary, run: RunFolder) {
        var lines: [(task: String, tss: SummaryStatistics, count: Int, unit: String)] = []
        if let cnn = summary.bhattacharjee { lines.append(("", cnn.trueSkillStatistic, cnn.folds.count, "fold")) }
        for lrcn in summary.guastavino {
            let task = summary.guastavino.count > 1 ? "\(lrcn.task.rawValue) task: " : ""
            lines.append((task, lrcn.trueSkillStatistic, lrcn.realisations.count, "realisation"))
        }
        for line in lines {
            let spread = line.tss.standardDeviation.map { String(format: " ± %.3f", $0) } ?? ""
            print(line.task + String(format: "test TSS %.3f", line.tss.mean) + spread + " over \(line.count) \(line.unit)\(line.count == 1 ? "" : "s")")
        }
        print("report: \(run.url.appendingPathComponent("report.md").path)")
    }

    /// The `train` arguments that rebuild this run: `arguments` (after the executable's name)
    /// without the subcommand, `--output`, `--splits`, `--resume`, `--data-parallel` and `--overwrite`, and with
    /// `--manifest` and `--sharp-dir` made absolute.
    static func storedArguments(_ arguments: [String]) -> [String] {
        var remaining = arguments.first == "train" ? Array(arguments.dropFirst()) : arguments
        var stored: [String] = []
        let dropped = ["--output", "--splits", "--threads"], flags = ["--resume", "--data-parallel", "--overwrite"], paths = ["--manifest", "--sharp-dir"]
        while !remaining.isEmpty {
            let argument = remaining.removeFirst()
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            let inline = argument.contains("=") ? String(argument.dropFirst(name.count + 1)) : nil
            if flags.contains(argument) { continue }
            if dropped.contains(name) {
                if inline == nil, !remaining.isEmpty { remaining.removeFirst() }
                continue
            }
            if paths.contains(name) {
                let value = inline ?? (remaining.isEmpty ? "" : remaining.removeFirst())
                stored += [name, URL(fileURLWithPath: value).standardizedFileURL.path]
                continue
            }
            stored.append(argument)
        }
        return stored
    }
}
