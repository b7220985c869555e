import Architectures
import ArgumentParser
import Foundation
import NeuralCore

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Run a trained network on a batch and write its probabilities.",
        discussion: """
            The network is rebuilt from the weight file's metadata (the flags, when given, must \
            agree with it); a file without metadata is built from the flags. The input is a \
            float32 .npy batch, NCHW for the CNNs and NTCHW for the LRCN, used as it is. The \
            output is a float32 .npy of shape [N].
            """)

    @Option(name: .long, help: "Architecture: cnn1, cnn2 or lrcn.")
    var arch: String

    @Option(name: .customLong("input-size"), help: "Square input (frame) size; default 128 (cnn1, lrcn) or 256 (cnn2).")
    var inputSize: Int?

    @Option(name: .long, help: "Frames per video (lrcn only); default 40.")
    var frames: Int?

    @Option(name: .long, help: "Weights (.safetensors).")
    var weights: String

    @Option(name: .long, help: "Input batch (.npy, float32).")
    var input: String

    @Option(name: .long, help: "Output probabilities (.npy, float32, shape [N]).")
    var output: String

    @Option(name: .customLong("batch-size"), help: "Samples per inference batch.")
    var batchSize = 32

    func validate() throws {
        guard ["cnn1", "cnn2", "lrcn"].contains(arch) else {
            throw ValidationError("--arch must be cnn1, cnn2 or lrcn, not '\(arch)'")
        }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let model = try FlareModel.resolve(
                weights: URL(fileURLWithPath: weights), architecture: arch, inputSize: inputSize, frames: frames)
            let array = try NumpyArray.read(from: URL(fileURLWithPath: input))
            guard array.elementType == .float32 else {
                throw NeuralCoreError.file(path: input, problem: "the input batch must be float32, not \(array.elementType)")
            }
            let probabilities = try model.probabilities(for: array.tensor(), batchSize: batchSize)
            try NumpyArray.write(try Tensor(shape: [probabilities.count], scalars: probabilities), to: URL(fileURLWithPath: output))
        }
    }
}
