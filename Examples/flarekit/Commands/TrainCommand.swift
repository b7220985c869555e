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
            summary.json and report.md. Progress on standard error. \
            --protocol paper runs a paper as published: for the CNNs SGD at 5e-6, batches of 64, \
            wbce:4.5 (CNN-2) or the CNN-1 loss, bicubic resizing, gauss, no clip, 3 parts x 10 \
            rounds validated on the held-out part, 50 epochs (the paper does not say), regions \
            from 2015-10-01 on as the chronological test set; for the LRCN 3000/750/750 sets \
            each expanded five-fold by rotations and flips, SOL-TSS, Adam, 100 epochs of 128, \
            the C1+ and the M1+ task. --protocol flarekit (the default) keeps FlareKit's choices \
            (Adam at 1e-3, 20 epochs, an inner early-stopping split, kG, bilinear). report.md and \
            summary.json name the protocol and list every departure from the paper.
            """)

    @Option(name: .long, help: "The sample manifest (flarekit index writes one).")
    var manifest: String

    @Option(name: .long, help: "The run folder.")
    var output: String

    @OptionGroup var options: TrainingOptions

    func run() throws {
        try reportingErrors {
            let name = options.protocolName
            let trainingProtocol: TrainingRun.TrainingProtocol
            if options.arch == "lrcn" {
                let tasks: [FlareTask] = switch options.task ?? (name == .paper ? "both" : "m1") {
                case "c1": [.c1]
                case "both": [.c1, .m1]
                default: [.m1]
                }
                let configurations = tasks.map(options.guastavinoConfiguration(name))
                trainingProtocol = configurations.count == 1 ? .guastavino(configurations[0]) : .guastavinoTasks(configurations)
            } else {
                trainingProtocol = .bhattacharjee(try options.bhattacharjeeConfiguration(name))
            }
            let run = try RunFolder(at: URL(fileURLWithPath: output))
            var training = TrainingRun(
                protocol: trainingProtocol, manifest: URL(fileURLWithPath: manifest),
                sharpDirectory: options.sharpDirectory.map { URL(fileURLWithPath: $0) })
            training.protocolName = name
            let summary = try training.run(in: run)
            for key in ["bhattacharjee", "guastavino", "guastavino_c1", "guastavino_m1"] {
                guard let scores = summary[key] as? [String: Any], let mean = scores["tss_mean"] as? Double else { continue }
                let std = scores["tss_std"] as? Double
                let count = (scores["folds"] ?? scores["realisations"]) as? Int ?? 0
                let task = key.hasPrefix("guastavino_") ? String(key.dropFirst("guastavino_".count)).uppercased() + "+ task: " : ""
                print(task + String(format: "test TSS %.3f ± %.3f over %d %@", mean, std ?? 0, count,
                                    key.hasPrefix("guastavino") ? "realisations" : "folds"))
            }
            print("report: \(run.url.appendingPathComponent("report.md").path)")
        }
    }

}
