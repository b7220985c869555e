import Architectures
import ArgumentParser
import Foundation
import Interpretability
import Magnetogram
import NeuralCore
import Pipelines

struct OcclusionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "occlusion",
        abstract: "Occlusion (or saliency, Grad-CAM) map of a trained CNN on one magnetogram (Bhattacharjee et al. 2020, Sect. 4.5).",
        discussion: """
            A square mask of zeros (--mask pixels of the network input) slides over the input by \
            --stride pixels; at each placement the change of the predicted probability (or of the \
            predicted label, with --label, as in the paper) is added to the masked pixels, and the map is the \
            mean change per pixel divided by its absolute maximum. A FITS magnetogram is prepared \
            as the weight file's metadata says (NaN fill, clip, scale, bilinear resize to the input \
            size) and the map is resized back to its size (bicubic); a float32 .npy input \
            [1, 1, N, N] is used as it is and the map stays N x N. --explanation saliency or grad-cam \
            computes that map instead (gradients of the probability; Grad-CAM at --layer or the \
            last inception module / convolutional block). The map is written as a Float32 FITS \
            image or a float32 .npy by the extension of --output; the FITS header records the method \
            (MAPMETH), target (MAPTARG), weight file (WEIGHTS) and FlareKit version (FLKVER) and, for \
            a FITS input, the magnetogram's WCS (rescaled to the map's size) and SHARP keys (HARPNUM, \
            T_REC, NOAA_ARS, ...), so sunpy.map.Map can overlay it; a .npy input has no WCS. --png \
            draws the magnetogram (saturated at +-500 G) with the region above --threshold in red \
            beside the map in colour with a labelled colour bar, enlarged to at least 512 pixels. \
            Progress goes to \
            standard error. Under mpirun or srun the placements are shared among the ranks (blocks \
            of whole batches) and rank 0 writes the same files as one process and prints; the \
            progress lines are rank 0's placements.
            """)

    @Option(name: .long, help: "Architecture: only for weights without FlareKit's model description (the file's own is used otherwise, and must agree).")
    var arch: CNNArchitectureName?

    @Option(name: .customLong("input-size"), help: "Square input size; default 128 (cnn1) or 256 (cnn2).")
    var inputSize: Int?

    @Option(name: .long, help: "Weights (.safetensors).")
    var weights: String

    @Option(name: .long, help: "A FITS magnetogram, or a float32 .npy of shape [1, 1, N, N].")
    var input: String

    @Option(name: .long, help: "Side M of the square mask, pixels of the network input.")
    var mask = 100

    @Option(name: .long, help: "Step S between mask placements, pixels.")
    var stride = 1

    @Flag(name: .long, help: "Measure the change of the probability (the default: a graded map even where no mask flips the label).")
    var probability = false

    @Flag(name: .long, help: "Measure the change of the predicted label, as Bhattacharjee et al. (2020) did (zero wherever no mask flips it).")
    var label = false

    @Option(name: .long, help: "The map (.fits or .npy); never the --input or --weights file. Written together with --png or not at all.")
    var output: String

    @Option(name: .long, help: "A PNG of the magnetogram with the highlighted region in red.")
    var png: String?

    @Option(name: .long, help: "Normalised sensitivity above which a pixel is highlighted, in [-1, 1).")
    var threshold: Float = 0.9

    @Option(name: .customLong("batch-size"), help: "Masked inputs evaluated together.")
    var batchSize = 16

    @Option(name: .long, help: "incremental (recompute only what a mask changes) or full.")
    var method = "incremental"

    @Option(name: .long, help: "occlusion (the default), saliency or grad-cam.")
    var explanation = "occlusion"

    @Option(name: .long, help: "The layer Grad-CAM explains (default: the last inception module, or the last layer before the pooling/flattening).")
    var layer: String?

    @Flag(name: .customLong("accept-any-image"), help: "Read a FITS file that is not a SHARP CEA line-of-sight magnetogram (CTYPE CRLN-CEA/CRLT-CEA, BUNIT Mx/cm^2 or Gauss, 0.01-0.3 deg/px, the magnetogram segment) too.")
    var acceptAnyImage = false

    @OptionGroup var compute: ThreadsOption

    func validate() throws {
        if label && probability { throw ValidationError("--label and --probability choose one target; give one of them") }
        guard mask >= 1 else { throw ValidationError("--mask must be at least 1") }
        guard stride >= 1 else { throw ValidationError("--stride must be at least 1") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard threshold.isFinite, threshold >= -1, threshold < 1 else {
            throw ValidationError("--threshold must lie in [-1, 1) (the map is normalised to [-1, 1]), not \(threshold)")
        }
        if let inputSize, inputSize < 1 { throw ValidationError("--input-size must be at least 1, not \(inputSize)") }
        guard OcclusionMethod(rawValue: method) != nil else {
            throw ValidationError("--method must be incremental or full, not '\(method)'")
        }
        guard let chosen = ExplanationMethod(rawValue: explanation) else {
            throw ValidationError("--explanation must be occlusion, saliency or grad-cam, not '\(explanation)'")
        }
        if chosen != .occlusion, label {
            throw ValidationError("--label is the occlusion target; saliency and Grad-CAM differentiate the probability")
        }
        if layer != nil, chosen != .gradCAM { throw ValidationError("--layer is for --explanation grad-cam") }
        guard SensitivityMap.FileFormat(url: URL(fileURLWithPath: output)) != nil else {
            throw ValidationError("--output must end in .fits or .npy")
        }
        if let png, URL(fileURLWithPath: png).pathExtension.lowercased() != "png" {
            throw ValidationError("--png must end in .png")
        }
    }

    func run() throws {
        try runDistributed(threads: compute.threads) { communicator in
            var files = CommandFiles()
            files.read(weights, option: "--weights")
            files.read(input, option: "--input")
            files.write(output, option: "--output")
            files.write(png, option: "--png")
            try files.check()
            let model = try FlareModel.resolve(weights: URL(fileURLWithPath: weights), architecture: arch?.architectureName, inputSize: inputSize)
            let method = ExplanationMethod(rawValue: explanation) ?? .occlusion
            let isTensorInput = URL(fileURLWithPath: input).pathExtension.lowercased() == "npy"
            let explained: ExplainedInput
            let background: Magnetogram
            var saturation: Float = 500
            if isTensorInput {
                let array = try tensorInput(for: model)
                explained = .tensor(array)
                background = try Magnetogram(
                    width: array.shape[3], height: array.shape[2], pixels: array.scalars, scaleX: 1, scaleY: 1)
                // A tensor is in network units: the saturation follows the preprocessing scale.
                saturation = 500 * abs(model.preprocessing.scale)
            } else {
                let magnetogram = try MagnetogramInput(try magnetogramInput(), model: model)
                explained = .magnetogram(magnetogram)
                background = magnetogram.magnetogram
            }
            let explainedLayer = try method == .gradCAM ? GradCAM(model: model, layer: layer).layer : nil
            let source = try isTensorInput ? nil : SensitivityMapSource(fitsAt: input)
            let provenance = SensitivityMapProvenance(
                method: method, target: method == .occlusion && label ? "label" : "probability", layer: explainedLayer,
                weights: weights, input: input, source: source)
            let map: SensitivityMap
            let summary: String
            switch method {
            case .occlusion:
                let configuration = OcclusionConfiguration(
                    maskSize: mask, stride: stride, target: label ? .label : .probability, threshold: threshold,
                    batchSize: batchSize, method: OcclusionMethod(rawValue: self.method) ?? .incremental)
                let analysis = OcclusionAnalysis(model: model, configuration: configuration)
                let progress = Progress(silent: !communicator.isRoot)
                let result = switch explained {
                case let .tensor(tensor): try analysis.map(for: tensor, communicator: communicator, progress: progress.report)
                case let .magnetogram(prepared): try analysis.map(for: prepared, communicator: communicator, progress: progress.report)
                }
                map = result.map
                summary = String(
                    format: "p0 %.6f (label %d), %d placements (%d leave the input as it is), map %dx%d, %d pixels above %.2f%@",
                    result.baselineProbability, result.baselineProbability >= 0.5 ? 1 : 0, result.placementCount,
                    result.unchangedPlacementCount, map.width, map.height, highlightedCount(map), threshold,
                    !result.isAllZero ? "" : label
                        ? ", all zero: no placement changed the predicted label (the default probability target gives a graded map)"
                        : ", all zero: no placement changed the probability")
            case .saliency, .gradCAM:
                // A single backward pass: rank 0 computes it alone.
                guard communicator.isRoot else { return }
                let (gradientMap, probability) = try gradientMap(method, model: model, input: explained)
                map = gradientMap
                summary = String(
                    format: "p0 %.6f (label %d), %@ map %dx%d, %d pixels above %.2f%@",
                    probability, probability >= 0.5 ? 1 : 0, method.rawValue, map.width, map.height,
                    highlightedCount(map), threshold, map.isAllZero ? ", all zero: the gradient vanished" : "")
            }
            guard communicator.isRoot else { return }
            // The map and the PNG are written together or not at all.
            try StagedOutputs.write { staged in
                try map.write(to: staged.temporary(for: URL(fileURLWithPath: output)), provenance: provenance)
                if let png {
                    try map.writeFigurePNG(
                        on: background, to: staged.temporary(for: URL(fileURLWithPath: png)), threshold: threshold,
                        saturation: saturation)
                }
            }
            print(summary)
            if SensitivityMap.FileFormat(url: URL(fileURLWithPath: output)) == .fits, !provenance.hasWorldCoordinates {
                print("\(output) has no WCS: the input is not a FITS magnetogram with world coordinates")
            }
        }
    }

    /// The pixels of `map` above --threshold.
    func highlightedCount(_ map: SensitivityMap) -> Int {
        map.highlightedRegion(threshold: threshold).filter { $0 }.count
    }

    /// The network input explained: a `.npy` tensor as it is, or a prepared magnetogram.
    enum ExplainedInput {
        case tensor(Tensor)
        case magnetogram(MagnetogramInput)
    }

    /// The saliency or Grad-CAM map of the input, and the probability.
    func gradientMap(_ method: ExplanationMethod, model: FlareModel, input: ExplainedInput) throws -> (SensitivityMap, Float) {
        if method == .saliency {
            let saliency = Saliency(model: model)
            let result = switch input {
            case let .tensor(tensor): try saliency.map(for: tensor)
            case let .magnetogram(prepared): try saliency.map(for: prepared)
            }
            return (result.map, result.probability)
        }
        let gradCAM = try GradCAM(model: model, layer: layer)
        let result = switch input {
        case let .tensor(tensor): try gradCAM.map(for: tensor)
        case let .magnetogram(prepared): try gradCAM.map(for: prepared)
        }
        return (result.map, result.probability)
    }

    /// A `.npy` input, used as it is.
    func tensorInput(for model: FlareModel) throws -> Tensor {
        let array = try NumpyArray.read(from: URL(fileURLWithPath: input))
        let shape = [1] + model.configuration.sampleShape
        guard array.elementType == .float32, array.shape == shape else {
            throw InterpretabilityError.file(
                path: input, problem: "expected a float32 array of shape \(shape), found \(array.elementType) \(array.shape)")
        }
        return array.tensor()
    }

    /// A SHARP CEA magnetogram with its pixel scale and SHARP keywords; with
    /// --accept-any-image any FITS image, and for an image without CDELT1/CDELT2 the plain image
    /// (a resolution-preserving model then refuses it).
    func magnetogramInput() throws -> Magnetogram {
        do {
            return try Magnetogram(sharpMagnetogramAt: input, acceptAnyImage: acceptAnyImage)
        } catch MagnetogramError.invalidKeyword(_, "CDELT1/CDELT2", _, _) {
            let image = try FITSReader().readImage(at: input)
            return try Magnetogram(width: image.width, height: image.height, pixels: image.pixels, scaleX: 1, scaleY: 1)
        }
    }

    /// Prints `occlusion: done/total placements` to standard error about every 5 % (nothing
    /// when silent: an MPI rank other than 0).
    final class Progress {
        private var next = 0
        private let silent: Bool

        init(silent: Bool = false) { self.silent = silent }

        func report(_ done: Int, _ total: Int) {
            guard !silent, done >= next || done == total else { return }
            FileHandle.standardError.write(Data("occlusion: \(done)/\(total) placements\n".utf8))
            next = done + max(1, total / 20)
        }
    }
}
