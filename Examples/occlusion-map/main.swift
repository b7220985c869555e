// occlusion-map: loads a model saved by FlareKit (for example by train-cnn1) and a FITS
// magnetogram, and writes the occlusion map of Bhattacharjee et al. (2020, Sect. 4.5) as a
// Float32 FITS image and as a PNG of the magnetogram with the most sensitive region in red.
//
//   swift run -c release occlusion-map WEIGHTS.safetensors MAGNETOGRAM.fits OUT_PREFIX
//       [--mask M] [--stride S] [--probability] [--threshold T]
//
// writes OUT_PREFIX.fits and OUT_PREFIX.png.

import Architectures
import Foundation
import Interpretability
import Magnetogram

let usage = """
    usage: occlusion-map WEIGHTS.safetensors MAGNETOGRAM.fits OUT_PREFIX \
    [--mask M (default: 100, or a quarter of a smaller input)] [--stride S (default 1)] \
    [--probability] [--threshold T (default 0.9)]
    """

/// Prints a one-line error (and the usage, for a bad argument) to standard error, then exits 1.
func fail(_ message: String, usage showUsage: Bool = true) -> Never {
    FileHandle.standardError.write(Data("occlusion-map: \(message)\n\(showUsage ? usage + "\n" : "")".utf8))
    exit(1)
}

// Arguments.
var positional: [String] = []
var mask: Int?
var stride = 1
var probability = false
var threshold = SensitivityMap.defaultThreshold
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--help", "-h":
        print(usage)
        exit(0)
    case "--mask":
        guard let value = arguments.popFirst(), let n = Int(value), n >= 1 else { fail("--mask needs a whole number >= 1") }
        mask = n
    case "--stride":
        guard let value = arguments.popFirst(), let n = Int(value), n >= 1 else { fail("--stride needs a whole number >= 1") }
        stride = n
    case "--threshold":
        guard let value = arguments.popFirst(), let t = Float(value), t.isFinite else { fail("--threshold needs a number") }
        threshold = t
    case "--probability":
        probability = true
    default:
        guard !argument.hasPrefix("-") else { fail("unknown option '\(argument)'") }
        positional.append(argument)
    }
}
guard positional.count == 3 else { fail("expected 3 arguments (weights, magnetogram, output prefix), got \(positional.count)") }
let (weightsPath, magnetogramPath, prefix) = (positional[0], positional[1], positional[2])

do {
    let started = Date()
    // The weight file describes the network and its input preprocessing.
    let model = try FlareModel.load(from: URL(fileURLWithPath: weightsPath))
    let inputSize = model.configuration.sampleShape.last ?? 0
    let magnetogram = try Magnetogram(contentsOf: magnetogramPath)
    // The magnetogram prepared as the model was trained (NaN fill, resize, clip, scale).
    let input = try MagnetogramInput(magnetogram, model: model)

    let configuration = OcclusionConfiguration(
        maskSize: mask ?? (inputSize >= 128 ? 100 : max(1, inputSize / 4)), stride: stride,
        target: probability ? .probability : .label, threshold: threshold)
    let result = try OcclusionAnalysis(model: model, configuration: configuration).map(for: input)

    // The map is on the magnetogram's grid, so it overlays it.
    let fits = URL(fileURLWithPath: prefix + ".fits")
    let png = URL(fileURLWithPath: prefix + ".png")
    try result.map.write(to: fits)
    try result.map.writeFigurePNG(on: magnetogram, to: png, threshold: threshold)

    let highlighted = result.map.highlightedRegion(threshold: threshold).filter { $0 }.count
    print("model: \(model.kind), input \(inputSize) x \(inputSize); magnetogram \(magnetogram.width) x \(magnetogram.height)")
    print(String(format: "p(flaring) = %.4f; %d mask placements of %d px (%d unchanged)",
                 result.baselineProbability, result.placementCount, configuration.maskSize, result.unchangedPlacementCount))
    if result.isAllZero {
        print("the map is all zero: no placement changed the \(probability ? "probability" : "predicted label") (try --probability)")
    } else {
        print(String(format: "%d of %d pixels above %.2f", highlighted, magnetogram.width * magnetogram.height, threshold))
    }
    print("wrote \(fits.path) and \(png.path)")
    print(String(format: "time: %.2f s", Date().timeIntervalSince(started)))
} catch {
    fail("\(error)", usage: false)
}
