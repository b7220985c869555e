import ArgumentParser
import Foundation
import Pipelines

struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Assemble a training run folder whose splits were trained separately (flarekit train --splits).",
        discussion: """
            Rebuilds the run from the settings flarekit train stored in RUN/training-run.json, \
            checks that every fold (realisation) is finished with those settings, and writes the \
            tables, figures, summary.json and report.md, the same as a single flarekit train \
            would have. Trains nothing: unfinished splits are named and the exit status is 1.
            """)

    @Argument(help: "The run folder (the --output of flarekit train).")
    var folder: String

    @Flag(name: .long, help: "Take over the assembly lock a killed assembly left behind.")
    var resume = false

    @OptionGroup var figures: FigureFormatOption

    func run() throws {
        try reportingErrors {
            let url = URL(fileURLWithPath: folder)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw PipelinesError.file(path: url.path, problem: "no such run folder")
            }
            guard isDirectory.boolValue else { throw PipelinesError.file(path: url.path, problem: "is a file, not a run folder") }
            var run = try RunFolder(at: url)
            run.figureFormats = try figures.formats()
            guard let record = try TrainingRunRecord.read(from: run) else {
                throw PipelinesError.file(
                    path: run.url.appendingPathComponent(TrainingRunRecord.fileName).path,
                    problem: "missing: not a run folder of flarekit train")
            }
            guard !record.arguments.isEmpty else {
                throw PipelinesError.file(
                    path: run.url.appendingPathComponent(TrainingRunRecord.fileName).path,
                    problem: "holds no flarekit train arguments (the run was started from Swift): assemble it with TrainingRun.collect(in:)")
            }
            let command: TrainCommand
            do {
                command = try TrainCommand.parse(record.arguments + ["--output", run.url.path])
            } catch {
                throw PipelinesError.file(
                    path: run.url.appendingPathComponent(TrainingRunRecord.fileName).path,
                    problem: "its flarekit train arguments are not valid: \(TrainCommand.message(for: error))")
            }
            var training = try command.trainingRun()
            training.execution.resume = resume
            TrainCommand.printScores(try training.collect(in: run), run: run)
        }
    }
}
