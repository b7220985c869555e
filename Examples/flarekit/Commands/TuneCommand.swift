import ArgumentParser
import Datasets
import Foundation
import NeuralCore
import Pipelines

struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Search the learning rate and minibatch size as Bhattacharjee et al. (2020, Sect. 4.1) did.",
        discussion: """
            Runs the CNN cross-validation of `flarekit train` (same options; cnn1 or cnn2) once \
            for every learning rate and minibatch size, each cell in RUN/cells/lr-R_bs-B, and \
            writes tune.json and tune.csv (cell, learning rate, minibatch, mean and std of the \
            TSS, TSS per fold), tune.svg (a heat map of the mean TSS, the best cell outlined) and \
            report.md. The best cell has the highest mean TSS. A rerun into the same RUN keeps \
            every finished cell and trains the others, so an interrupted search resumes; a RUN \
            started with other settings is refused, naming them, unless --overwrite clears it first. Under mpirun or srun the \
            cells are shared among the ranks (RUN on a filesystem every rank sees) and rank 0 \
            writes the search's files, the same as one process's apart from timings, and prints.
            """)

    @Option(name: .long, help: "The sample manifest (flarekit index writes one).")
    var manifest: String

    @Option(name: .long, help: "The run folder; one that is or holds an input is refused.")
    var output: String

    @Option(name: .customLong("learning-rates"), help: "Comma-separated learning rates, e.g. 1e-6,5e-6,1e-5.")
    var learningRates: String

    @Option(name: .customLong("batch-sizes"), help: "Comma-separated minibatch sizes, e.g. 32,64.")
    var batchSizes: String

    @OptionGroup var options: TrainingOptions

    @Flag(name: .long, help: "Continue an interrupted search: keep the folds an interrupted cell finished, continue its interrupted fold from its checkpoint and take over the lock the killed process left (finished cells are kept with or without it; other settings are refused, naming them).")
    var resume = false

    @OptionGroup var compute: ThreadsOption

    @OptionGroup var figures: FigureFormatOption

    @OptionGroup var overwriting: OverwriteOption

    func validate() throws {
        guard options.arch != .lrcn else { throw ValidationError("tune searches the CNNs of Bhattacharjee et al.: --arch cnn1 or cnn2") }
        guard let rates = Self.list(learningRates, Float.init), !rates.isEmpty, rates.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw ValidationError("--learning-rates must be positive numbers separated by commas, not '\(learningRates)'")
        }
        guard let sizes = Self.list(batchSizes, Int.init), !sizes.isEmpty, sizes.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--batch-sizes must be whole numbers of at least 1 separated by commas, not '\(batchSizes)'")
        }
        guard Set(rates).count == rates.count, Set(sizes).count == sizes.count else {
            throw ValidationError("--learning-rates and --batch-sizes must not repeat a value")
        }
        if options.learningRate != nil || options.batchSize != nil {
            throw ValidationError("give the learning rates and minibatch sizes with --learning-rates and --batch-sizes")
        }
        try overwriting.check(resume: resume)
    }

    func run() throws {
        try runDistributed(threads: compute.threads) { communicator in
            var files = CommandFiles()
            files.read(manifest, option: "--manifest")
            files.read(options.sharpDirectory, option: "--sharp-dir", kind: .folder)
            files.write(output, option: "--output", kind: .folder)
            try files.check()
            var search = HyperparameterSearch(base: try options.bhattacharjeeConfiguration(options.protocolName))
            search.learningRates = Self.list(learningRates, Float.init) ?? []
            search.batchSizes = Self.list(batchSizes, Int.init) ?? []
            search.resume = resume
            search.overwrite = overwriting.overwrite
            try search.validate()   // sizes and training memory, before the manifest is read
            let manifestURL = URL(fileURLWithPath: manifest), sharp = options.sharpDirectory.map { URL(fileURLWithPath: $0) }
            let labelled = try SampleManifest(contentsOf: manifestURL, sharpDirectory: sharp)
            try labelled.checkMagnetograms(manifest: manifestURL, sharpDirectory: sharp)
            let samples = labelled.samples
            let result = try RunFolder.using(URL(fileURLWithPath: output), figureFormats: try figures.formats()) { run in
                try search.run(samples: samples, in: run, communicator: communicator)
            }
            guard communicator.isRoot else { return }
            for cell in result.cells {
                print(String(format: "%@  TSS %@ over %d folds", cell.name,
                             cell.meanTSS.map { mean in
                                 cell.standardDeviationTSS.map { String(format: "%.3f ± %.3f", mean, $0) } ?? String(format: "%.3f (1 value)", mean)
                             } ?? "undefined",
                             cell.trueSkillStatistics.count))
            }
            print("best: \(result.best?.name ?? "none")")
            print("report: \(URL(fileURLWithPath: output).appendingPathComponent("report.md").path)")
        }
    }

    /// The values of a comma-separated list, or `nil` when one does not parse.
    static func list<T>(_ text: String, _ parse: (String) -> T?) -> [T]? {
        let values = text.split(separator: ",").map { parse($0.trimmingCharacters(in: .whitespaces)) }
        return values.contains { $0 == nil } ? nil : values.compactMap { $0 }
    }
}
