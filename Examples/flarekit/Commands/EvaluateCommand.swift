import ArgumentParser
import Datasets
import Foundation
import Pipelines

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score trained networks on the samples of a manifest.",
        discussion: """
            Every weight file predicts every sample (prepared as its metadata says; LRCN videos \
            from --sharp-dir at the cadence the weights record). Each model is scored at \
            --threshold against the label it was trained for (its `label` metadata: region, C1+ \
            or M1+; weights trained for different labels are refused; --label chooses it for \
            weights that record none, which are otherwise scored on the region label) (TP, FN, \
            FP, TN, TSS, HSS2, recall, AUC, Brier skill score), and so is the per-sample median \
            over the models. A --cadence-minutes or --label other than the weights' record is \
            refused, naming the file and both values; so is a manifest none of whose samples can \
            be predicted, and the samples skipped are counted with their reasons. The run folder \
            receives predictions.json and predictions.csv (the prediction CSV of train and predict), scores.json/.csv \
            (models, median, tss_summary: the TSS over the models), recall versus time to flare, \
            the median's outputs binned against the total unsigned flux, ROC and reliability \
            curves as JSON, CSV and SVG, and report.md. Weight folders are searched for \
            *.safetensors (a training run's weights/ folder, say). evaluate-run.json records the \
            settings (weights, manifest, threshold, SHARP folder, cadence): an --output holding \
            another evaluation or another command's run is refused unless --overwrite clears it.
            """)

    @Option(name: .long, help: "The sample manifest.")
    var manifest: String

    @Option(name: .long, parsing: .upToNextOption, help: "Weight files or folders of them.")
    var weights: [String]

    @Option(name: .long, help: "The run folder; one that is or holds an input is refused.")
    var output: String

    @Option(name: .customLong("sharp-dir"), help: "The SHARP folder: the manifest's magnetograms are looked up there (instead of at their paths relative to the manifest) and LRCN videos are built from it.")
    var sharpDirectory: String?

    @Option(name: .customLong("cadence-minutes"), help: "Minutes between LRCN video frames (default: the weights' record, else 36); another value than the record is refused.")
    var cadenceMinutes: Double?

    @Option(name: .long, help: "The label to score: region, C1+ or M1+ (default: the weights' record, else region); another value than the record is refused.")
    var label: String?

    @Option(name: .long, help: "Decision threshold.")
    var threshold = 0.5

    @OptionGroup var inference: InferenceBatchOption

    @Flag(name: .customLong("accept-any-image"), help: "Index files of --sharp-dir that are not SHARP CEA line-of-sight magnetograms (CTYPE CRLN-CEA/CRLT-CEA, BUNIT Mx/cm^2 or Gauss, 0.01-0.3 deg/px) too.")
    var acceptAnyImage = false

    @OptionGroup var figures: FigureFormatOption

    @OptionGroup var overwriting: OverwriteOption

    func validate() throws {
        guard !weights.isEmpty else { throw ValidationError("give at least one --weights file or folder") }
        guard threshold > 0, threshold < 1 else { throw ValidationError("--threshold must lie in (0, 1)") }
        try inference.check()
        if let cadenceMinutes, !(cadenceMinutes.isFinite && cadenceMinutes > 0) {
            throw ValidationError("--cadence-minutes must be positive")
        }
        if let label, TargetLabel(rawValue: label) == nil {
            throw ValidationError("--label must be region, C1+ or M1+, not '\(label)'")
        }
    }

    func run() throws {
        try reportingErrors {
            var paths = CommandFiles()
            paths.read(weights, option: "--weights", kind: .fileOrFolder)
            paths.read(manifest, option: "--manifest")
            paths.read(sharpDirectory, option: "--sharp-dir", kind: .folder)
            paths.write(output, option: "--output", kind: .folder)
            try paths.check()
            let files = try WeightFiles.expand(weights.map { URL(fileURLWithPath: $0) })
            var assessment = ModelAssessment(weights: files)
            assessment.threshold = threshold
            assessment.sharpDirectory = sharpDirectory.map { URL(fileURLWithPath: $0) }
            assessment.samplesName = URL(fileURLWithPath: manifest).path
            assessment.prediction.batchSize = inference.batchSize
            assessment.prediction.acceptAnyImage = acceptAnyImage
            assessment.prediction.videoCadence = cadenceMinutes.map { $0 * 60 }
            assessment.prediction.target = label.flatMap(TargetLabel.init(rawValue:))
            let manifestURL = URL(fileURLWithPath: manifest)
            let labelled = try SampleManifest(contentsOf: manifestURL, sharpDirectory: assessment.sharpDirectory)
            try labelled.checkMagnetograms(manifest: manifestURL, sharpDirectory: assessment.sharpDirectory)
            let samples = labelled.samples
            let (run, result) = try RunFolder.using(URL(fileURLWithPath: output), figureFormats: try figures.formats()) { run in
                (run, try assessment.runWithReport(samples: samples, samplesDescription: manifest, in: run, overwrite: overwriting.overwrite))
            }
            print(result.scoresCSV(), terminator: "")
            print("report: \(run.url.appendingPathComponent("report.md").path)")
        }
    }
}
