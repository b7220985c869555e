import ArgumentParser
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
            oldest first, exactly its frame count); --manifest, a sample manifest (flarekit index), \
            whose samples keep their labels; the LRCN's videos are then built from --sharp-dir at \
            --cadence-minutes, and samples whose video cannot be filled are reported as skipped. \
            A manifest none of whose samples can be predicted (every \
            video short) is an error saying why, not an empty output; a model whose batches \
            would need more memory than is available (estimated from its layers), or whose \
            input is above 4096 pixels, is refused before any input is read. --output ending in .npy gets the medians (one model: its probabilities) as float32 \
            [N]; .json gets {models, samples: [{id, probabilities, median, label, sample_class}], \
            skipped: [{id, reason}]}; .csv gets id,model_1,...,model_K,median[,label,sample_class]. \
            Under mpirun or srun the batches are shared among the ranks and rank 0 writes the \
            same file as one process and prints; the progress lines are rank 0's batches.
            """)

    @Option(name: .long, help: "Architecture (cnn1, cnn2 or lrcn); needed only for weight files without metadata.")
    var arch: String?

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

    @Option(name: .customLong("cadence-minutes"), help: "Minutes between video frames (with --manifest).")
    var cadenceMinutes: Double?

    @Option(name: .long, help: "Output: .npy (medians, float32 [N]), .json or .csv (every model, median, labels); an input file given as output is refused.")
    var output: String

    @Option(name: .customLong("batch-size"), help: "Samples per inference batch.")
    var batchSize = 32

    @Flag(name: .customLong("accept-any-image"), help: "Read FITS files that are not SHARP CEA line-of-sight magnetograms (CTYPE CRLN-CEA/CRLT-CEA, BUNIT Mx/cm^2 or Gauss, 0.01-0.3 deg/px, the magnetogram segment) too.")
    var acceptAnyImage = false

    @Option(name: .long, help: "Compute threads of this process (default: the cores of the node divided by the MPI ranks on it; all cores without MPI).")
    var threads: Int?

    /// The checks, run inside `reportingErrors` so that a bad argument is one line and exit 1.
    private func checkedInput() throws -> PredictionInput {
        guard !weights.isEmpty else { throw ValidationError("give at least one --weights file") }
        if let arch, !["cnn1", "cnn2", "lrcn"].contains(arch) {
            throw ValidationError("--arch must be cnn1, cnn2 or lrcn, not '\(arch)'")
        }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        for (name, value) in [("--input-size", inputSize), ("--frames", frames)] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1, not \(value)") }
        }
        guard ["npy", "json", "csv"].contains(URL(fileURLWithPath: output).pathExtension.lowercased()) else {
            throw ValidationError("--output must end in .npy, .json or .csv, not '\(output)'")
        }
        let given = [input != nil, !fits.isEmpty, manifest != nil].filter { $0 }.count
        guard given == 1 else { throw ValidationError("give exactly one of --input, --fits and --manifest") }
        if manifest == nil, sharpDir != nil || cadenceMinutes != nil {
            throw ValidationError("--sharp-dir and --cadence-minutes apply to --manifest only")
        }
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
        try runDistributed(threads: threads) { communicator in
            let input = try checkedInput()
            var configuration = EnsemblePredictionConfiguration(batchSize: batchSize, videoCadence: (cadenceMinutes ?? 36) * 60)
            configuration.acceptAnyImage = acceptAnyImage
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
            let url = URL(fileURLWithPath: output)
            switch url.pathExtension.lowercased() {
            case "json": try prediction.writeJSON(to: url)
            case "csv": try prediction.writeCSV(to: url)
            default: try prediction.writeMedians(to: url)
            }
            print(try Self.summary(of: prediction))
        }
    }

    /// `samples N, skipped S, models K` and, for labelled samples, the median's TSS at 0.5.
    static func summary(of prediction: EnsemblePrediction) throws -> String {
        var text = "samples \(prediction.samples.count), skipped \(prediction.skipped.count), models \(prediction.models.count)"
        if let matrix = try prediction.confusionMatrix(threshold: 0.5) {
            let tss = matrix.trueSkillStatistic.map { String(format: "%.4f", $0) } ?? "undefined"
            text += "\nmedian at 0.5: TP \(matrix.tp) FN \(matrix.fn) FP \(matrix.fp) TN \(matrix.tn), TSS \(tss)"
        }
        return text
    }
}
