import Architectures
import ArgumentParser
import Datasets
import Foundation
import Losses
import NeuralCore
import Pipelines

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Run one or several trained networks and write their probabilities and median.",
        discussion: """
            Each network is rebuilt from its weight file's metadata (--arch, --input-size and \
            --frames, when given, must agree with it; a file without metadata is built from them). \
            Repeat --weights for an ensemble (for example the networks of Guastavino et al.'s ten \
            realisations): every model's probability and their median (for an even count, the mean \
            of the two middle values) are reported. The input is one of: --input, a float32 .npy \
            batch (NCHW for the CNNs, NTCHW for the LRCN) used as it is; --fits, SHARP CEA \
            magnetograms prepared as each weight file says (for the LRCN, the frames of one video, \
            oldest first, exactly its frame count, of one HARP and at the model's cadence within \
            half a cadence by their HARPNUM and T_REC, unless --allow-mixed-frames, which warns); \
            --manifest, a sample manifest (flarekit index), whose samples keep the label the \
            weights were trained for (region, C1+ or M1+; --label for weights that record none); \
            the LRCN's videos are then built from --sharp-dir at the weights' cadence \
            (--cadence-minutes must agree with it), and samples whose video cannot be filled are \
            counted as skipped with their reasons. A manifest none of whose samples can be predicted (every \
            video short) is an error saying why, not an empty output; a model whose batches \
            would need more memory than is available (estimated from its layers), or whose \
            input is above 4096 pixels, is refused before any input is read. --output ending in .npy gets the medians (one model: its probabilities) as float32 \
            [N]; .json gets {models, samples: [{id, probabilities, median, label, sample_class}], \
            skipped: [{id, reason}], target}; .csv gets the prediction CSV of train and evaluate (sample_id, \
            sample_index, harpnum, noaa_ar, t_rec, label, probability, threshold, predicted, model, split; \
            one row per sample and model, then the median's). \
            Under mpirun or srun the batches are shared among the ranks and rank 0 writes the \
            same file as one process and prints; the progress lines are rank 0's batches.
            """)

    @Option(name: .long, help: "Architecture; needed only for weight files without metadata.")
    var arch: ArchitectureName?

    @Option(name: .customLong("input-size"), help: "Square input (frame) size; default 128 (cnn1, lrcn) or 256 (cnn2).")
    var inputSize: Int?

    @Option(name: .long, help: "Frames per video (lrcn only); default 40.")
    var frames: Int?

    @Option(name: .long, help: "Weights (.safetensors), or a folder of them (a run's weights/); repeat for an ensemble.")
    var weights: [String] = []

    @Option(name: .long, help: "Input batch (.npy, float32), used as it is.")
    var input: String?

    @Option(name: .long, parsing: .upToNextOption, help: "SHARP CEA magnetograms (.fits); for the lrcn, one video's frames, oldest first.")
    var fits: [String] = []

    @Option(name: .long, help: "Sample manifest (.json, from flarekit index).")
    var manifest: String?

    @Option(name: .customLong("sharp-dir"), help: "The SHARP folder (with --manifest): the manifest's magnetograms are looked up there (instead of at their paths relative to the manifest); the lrcn's videos are built from it.")
    var sharpDir: String?

    @Option(name: .customLong("cadence-minutes"), help: "Minutes between video frames (default: the weights' record, else 36); another value than the record is refused.")
    var cadenceMinutes: Double?

    @Option(name: .long, help: "The label of manifest samples: region, C1+ or M1+ (default: the weights' record, else region); another value than the record is refused.")
    var label: String?

    @Option(name: .long, help: "Decision threshold of the CSV's predicted column and the printed scores.")
    var threshold = 0.5

    @Flag(name: .customLong("allow-mixed-frames"), help: "Accept lrcn --fits frames of several HARPs, out of order or not at the model's cadence (with a warning).")
    var allowMixedFrames = false

    @Option(name: .long, help: "Output: .npy (medians, float32 [N]), .json or .csv (every model, median, labels); an input file given as output is refused.")
    var output: String

    @OptionGroup var inference: InferenceBatchOption

    @Flag(name: .customLong("accept-any-image"), help: "Read FITS files that are not SHARP CEA line-of-sight magnetograms (CTYPE CRLN-CEA/CRLT-CEA, BUNIT Mx/cm^2 or Gauss, 0.01-0.3 deg/px, the magnetogram segment) too.")
    var acceptAnyImage = false

    @OptionGroup var compute: ThreadsOption

    /// The checks, run inside `reportingErrors` so that a bad argument is one line and exit 1.
    private func checkedInput() throws -> PredictionInput {
        guard !weights.isEmpty else { throw ValidationError("give at least one --weights file") }
        try inference.check()
        for (name, value) in [("--input-size", inputSize), ("--frames", frames)] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1, not \(value)") }
        }
        guard ["npy", "json", "csv"].contains(URL(fileURLWithPath: output).pathExtension.lowercased()) else {
            throw ValidationError("--output must end in .npy, .json or .csv, not '\(output)'")
        }
        let given = [input != nil, !fits.isEmpty, manifest != nil].filter { $0 }.count
        guard given == 1 else { throw ValidationError("give exactly one of --input, --fits and --manifest") }
        if manifest == nil, sharpDir != nil {
            throw ValidationError("--sharp-dir applies to --manifest only")
        }
        if input != nil, cadenceMinutes != nil {
            throw ValidationError("--cadence-minutes applies to --manifest and --fits only")
        }
        if fits.isEmpty, allowMixedFrames {
            throw ValidationError("--allow-mixed-frames applies to --fits only")
        }
        if let label, TargetLabel(rawValue: label) == nil {
            throw ValidationError("--label must be region, C1+ or M1+, not '\(label)'")
        }
        if manifest == nil, label != nil {
            throw ValidationError("--label applies to --manifest only")
        }
        guard threshold > 0, threshold < 1 else { throw ValidationError("--threshold must lie in (0, 1)") }
        if let cadenceMinutes, !(cadenceMinutes.isFinite && cadenceMinutes > 0) {
            throw ValidationError("--cadence-minutes must be positive")
        }
        var files = CommandFiles()
        files.read(weights, option: "--weights", kind: .fileOrFolder)
        files.read(input, option: "--input")
        files.read(fits, option: "--fits")
        files.read(manifest, option: "--manifest")
        files.read(sharpDir, option: "--sharp-dir", kind: .folder)
        files.write(output, option: "--output")
        try files.check()
        if let input { return .batch(URL(fileURLWithPath: input)) }
        if let manifest { return .manifest(URL(fileURLWithPath: manifest), archive: sharpDir.map { URL(fileURLWithPath: $0) }) }
        return .magnetograms(fits.map { URL(fileURLWithPath: $0) })
    }

    func run() throws {
        try runDistributed(threads: compute.threads) { communicator in
            let input = try checkedInput()
            var configuration = EnsemblePredictionConfiguration(batchSize: inference.batchSize, videoCadence: cadenceMinutes.map { $0 * 60 })
            configuration.acceptAnyImage = acceptAnyImage
            configuration.target = label.flatMap(TargetLabel.init(rawValue:))
            configuration.allowMixedFrames = allowMixedFrames
            let predictor = try EnsemblePredictor(
                weights: try WeightFiles.expand(weights.map { URL(fileURLWithPath: $0) }), architecture: arch, inputSize: inputSize, frames: frames,
                configuration: configuration)
            var lastStep = -1
            let prediction = try predictor.predict(input, communicator: communicator) { done, total in
                guard communicator.isRoot else { return }
                // At most 21 progress lines: 0%, every 5%, 100%.
                let step = total > 0 ? done * 20 / total : 20
                guard step > lastStep else { return }
                lastStep = step
                FileHandle.standardError.write(Data("predict: \(done)/\(total) samples\n".utf8))
            }
            guard communicator.isRoot else { return }
            let agreement = predictor.agreement
            for note in [prediction.target == nil ? nil : agreement.targetNote, input.isBatch ? nil : agreement.cadenceNote] {
                if let note { FileHandle.standardError.write(Data("predict: note: \(note)\n".utf8)) }
            }
            for warning in prediction.warnings { FileHandle.standardError.write(Data("predict: warning: \(warning)\n".utf8)) }
            if let skipped = prediction.skippedSummary {
                FileHandle.standardError.write(Data("predict: warning: \(skipped) (see the JSON output)\n".utf8))
            }
            let url = URL(fileURLWithPath: output)
            switch url.pathExtension.lowercased() {
            case "json": try prediction.writeJSON(to: url)
            case "csv": try prediction.writeCSV(to: url, threshold: threshold)
            default: try prediction.writeMedians(to: url)
            }
            print(try Self.summary(of: prediction, threshold: threshold))
        }
    }

    /// `samples N, skipped S, models K` and, for labelled samples, the median's TSS at the threshold.
    static func summary(of prediction: EnsemblePrediction, threshold: Double) throws -> String {
        var text = "samples \(prediction.samples.count), skipped \(prediction.skipped.count), models \(prediction.models.count)"
        if let target = prediction.target { text += ", label \(target)" }
        if let matrix = try prediction.confusionMatrix(threshold: threshold) {
            let tss = matrix.trueSkillStatistic.map { String(format: "%.4f", $0) } ?? "undefined"
            text += "\nmedian at \(threshold): TP \(matrix.tp) FN \(matrix.fn) FP \(matrix.fp) TN \(matrix.tn), TSS \(tss)"
        }
        return text
    }
}
