// keras-port: runs a Keras model converted by Scripts/keras_to_flarekit.py (see
// Documentation/KerasInterop.md) on a float32 .npy batch and prints the probabilities;
// with --expected, compares them with Keras's own outputs.
//
//   python3 Scripts/keras_to_flarekit.py --arch cnn1 MODEL.keras OUT.safetensors
//   swift run -c release keras-port --arch cnn1 OUT.safetensors INPUT.npy [--expected KERAS_OUTPUT.npy]
//
// The fixture Tests/Fixtures/keras/cnn1_32/ holds such a conversion:
//   keras-port --arch cnn1 Tests/Fixtures/keras/cnn1_32/weights.safetensors \
//       Tests/Fixtures/keras/cnn1_32/input.npy --expected Tests/Fixtures/keras/cnn1_32/output.npy

import Architectures
import Foundation
import NeuralCore

let usage = """
    usage: keras-port --arch cnn1|cnn2|lrcn WEIGHTS.safetensors INPUT.npy \
    [--input-size N] [--frames T] [--expected KERAS_OUTPUT.npy]
    """

/// Prints a one-line error (and the usage, for a bad argument) to standard error, then exits 1.
func fail(_ message: String, usage showUsage: Bool = true) -> Never {
    FileHandle.standardError.write(Data("keras-port: \(message)\n\(showUsage ? usage + "\n" : "")".utf8))
    exit(1)
}

// Arguments.
var architecture: ArchitectureName?
var inputSize: Int?
var frames: Int?
var expectedPath: String?
var positional: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--help", "-h":
        print(usage)
        exit(0)
    case "--arch":
        guard let value = arguments.popFirst().flatMap(ArchitectureName.init(rawValue:)) else {
            fail("--arch must be \(ArchitectureName.listed)")
        }
        architecture = value
    case "--input-size":
        guard let value = arguments.popFirst(), let n = Int(value), n >= 1 else { fail("--input-size needs a whole number >= 1") }
        inputSize = n
    case "--frames":
        guard let value = arguments.popFirst(), let n = Int(value), n >= 1 else { fail("--frames needs a whole number >= 1") }
        frames = n
    case "--expected":
        guard let value = arguments.popFirst() else { fail("--expected needs a .npy file") }
        expectedPath = value
    default:
        guard !argument.hasPrefix("-") else { fail("unknown option '\(argument)'") }
        positional.append(argument)
    }
}
guard let architecture else { fail("--arch is required") }
guard positional.count == 2 else { fail("expected 2 arguments (weights, input), got \(positional.count)") }

do {
    let started = Date()
    // The converter writes the architecture and preprocessing into the file's metadata, so the
    // network is rebuilt from it; the flags must then agree with it. A file without metadata is
    // built from the flags.
    let model = try FlareModel.resolve(
        weights: URL(fileURLWithPath: positional[0]), architecture: architecture, inputSize: inputSize, frames: frames)
    let array = try NumpyArray.read(from: URL(fileURLWithPath: positional[1]))
    guard array.elementType == .float32 else {
        fail("\(positional[1]): the input must be float32, not \(array.elementType)", usage: false)
    }
    // The batch is used as it is: NCHW images (CNNs) or NTCHW videos (LRCN), already preprocessed.
    let probabilities = try model.probabilities(for: array.tensor())
    print("\(model.kind): input \(array.shape), \(model.parameterCount) parameters")
    for (i, p) in probabilities.enumerated() {
        print(String(format: "sample %d: p(flare) = %.6f", i, p))
    }
    if let expectedPath {
        let expected = try NumpyArray.read(from: URL(fileURLWithPath: expectedPath)).floats()
        guard expected.count == probabilities.count else {
            fail("\(expectedPath) holds \(expected.count) values for \(probabilities.count) samples", usage: false)
        }
        let difference = zip(probabilities, expected).map { abs($0 - $1) }.max() ?? 0
        print(String(format: "max |FlareKit - Keras| = %.3g", difference))
    }
    print(String(format: "time: %.2f s", Date().timeIntervalSince(started)))
} catch {
    fail("\(error)", usage: false)
}
