// A small, deterministic training run for Scripts/interruption_test.sh: a two-layer network
// with dropout and Adam, large enough (about 2.1 million parameters, a 34 MB checkpoint) that
// writing a checkpoint takes long enough to be interrupted in the middle.
//
//     interruption-trainer DIR [--epochs N] [--resume] [--tiny]
//
// (--tiny: 4 inputs and 3 hidden units, for a small checkpoint to seed the safetensors fuzzer.)
// Trains on seeded data, writing DIR/checkpoint.safetensors after every epoch; with --resume it
// continues from that checkpoint. At the end it writes DIR/final.safetensors (the weights only,
// which are bit-identical for an uninterrupted and a resumed run). On standard output, one line
// per event, unbuffered, so that the script can time its SIGKILL:
//
//     epoch-begin E
//     checkpoint-begin E          (epoch E ended; its checkpoint is being written)
//     checkpoint-done E MS        (the checkpoint of epoch E took MS milliseconds)
//     resumed-after E             (with --resume: the checkpoint on disk held epoch E)
//     finished
import Foundation
import NeuralCore

/// Mean squared error over the batch (NeuralCore defines no loss of its own).
struct MeanSquaredError: Loss {
    var name: String { "mse" }

    func valueAndGradient(predictions: Tensor, labels: Tensor) throws -> (value: Double, gradient: Tensor) {
        let count = predictions.count
        var total = 0.0
        var gradient: [Float] = []
        gradient.reserveCapacity(count)
        for index in 0..<count {
            let difference = predictions.scalars[index] - labels.scalars[index]
            total += Double(difference * difference)
            gradient.append(2 * difference / Float(count))
        }
        return (total / Double(count), try Tensor(shape: predictions.shape, scalars: gradient))
    }
}

/// Prints the events the script waits for, with the checkpoint durations.
final class EventPrinter: TrainingCallback {
    private var checkpointStart: (epoch: Int, time: DispatchTime)?

    func epochWillBegin(_ epoch: Int) {
        finishCheckpoint()
        say("epoch-begin \(epoch)")
    }

    func epochDidEnd(_ record: EpochRecord) {
        say("checkpoint-begin \(record.epoch)")
        checkpointStart = (record.epoch, DispatchTime.now())
    }

    /// Reports the checkpoint in progress as done (called when the next epoch begins or fit returns).
    func finishCheckpoint() {
        guard let (epoch, start) = checkpointStart else { return }
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
        say("checkpoint-done \(epoch) \(Int(milliseconds.rounded()))")
        checkpointStart = nil
    }
}

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("interruption-trainer: \(message)\n".utf8))
    exit(1)
}

var arguments = Array(CommandLine.arguments.dropFirst())
let resume = arguments.contains("--resume")
let tiny = arguments.contains("--tiny")
arguments.removeAll { $0 == "--resume" || $0 == "--tiny" }
var epochs = 6
if let flag = arguments.firstIndex(of: "--epochs") {
    guard flag + 1 < arguments.count, let value = Int(arguments[flag + 1]), value >= 1 else {
        fail("--epochs needs a positive integer")
    }
    epochs = value
    arguments.removeSubrange(flag...(flag + 1))
}
guard arguments.count == 1 else { fail("usage: interruption-trainer DIR [--epochs N] [--resume] [--tiny]") }
let folder = URL(fileURLWithPath: arguments[0])
let checkpointURL = folder.appendingPathComponent("checkpoint.safetensors")

do {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let (features, hidden, samples) = tiny ? (4, 3, 64) : (512, 4096, 64)
    var generator = SeededGenerator(seed: 2024)
    let model = try Sequential([
        ("dense1", try Dense(inFeatures: features, units: hidden, generator: &generator)),
        ("relu", ReLU()),
        ("dropout", try Dropout(rate: 0.2, generator: &generator)),
        ("dense2", try Dense(inFeatures: hidden, units: 1, generator: &generator)),
    ])
    var data = SeededGenerator(seed: 99)
    func uniform() -> Float { Float(data.next() >> 40) / Float(1 << 24) - 0.5 }
    let inputs = try Tensor(shape: [samples, features], scalars: (0..<(samples * features)).map { _ in uniform() })
    let labels = try Tensor(shape: [samples], scalars: (0..<samples).map { _ in uniform() > 0 ? 1 : 0 })
    let training = try TensorDataset(inputs: inputs, labels: labels)
    let validation = try TensorDataset(
        inputs: try Tensor(shape: [16, features], scalars: (0..<(16 * features)).map { _ in uniform() }),
        labels: try Tensor(shape: [16], scalars: (0..<16).map { _ in uniform() > 0 ? 1 : 0 }))

    var configuration = FitConfiguration(epochs: epochs, batchSize: 16, seed: 7)
    configuration.checkpointURL = checkpointURL
    configuration.progress = .silent
    if resume {
        let checkpoint = try TrainingCheckpoint.read(from: checkpointURL)
        say("resumed-after \(checkpoint.epoch)")
    }
    let printer = EventPrinter()
    try fit(
        model: model, loss: MeanSquaredError(), optimizer: try Adam(learningRate: 1e-4), data: training,
        validation: validation, configuration: configuration, callbacks: [printer],
        resumingFrom: resume ? checkpointURL : nil)
    printer.finishCheckpoint()
    try model.saveWeights(to: folder.appendingPathComponent("final.safetensors"))
    say("finished")
} catch {
    fail("\(error)")
}
