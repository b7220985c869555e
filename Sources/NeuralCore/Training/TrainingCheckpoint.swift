import Foundation

/// Everything needed to continue a `fit` run exactly where it stopped: model weights and
/// moving statistics, optimizer state, the shuffling and dropout generator states, the best
/// weights so far, early-stopping progress and the history.
///
/// Stored as one safetensors file (tensors `model/...`, `best/...`, `optimizer/...`; the rest in
/// `__metadata__`), written atomically, so a crash mid-write leaves the previous checkpoint.
public struct TrainingCheckpoint {
    /// Completed epochs (from 1).
    public var epoch: Int
    /// The optimizer's learning rate before any schedule.
    public var initialLearningRate: Float
    /// The shuffling generator's state.
    public var shuffleState: [UInt64]
    /// Dropout generator states by dotted layer name.
    public var randomStates: [String: [UInt64]]
    /// The optimizer's state.
    public var optimizerState: OptimizerState
    /// Every model parameter by dotted name.
    public var modelWeights: [String: Tensor]
    /// The best epoch's parameters, when one was recorded.
    public var bestWeights: [String: Tensor]?
    /// Epochs without improvement so far.
    public var epochsWithoutImprovement: Int
    /// The history so far (with the best epoch and score).
    public var history: TrainingHistory

    static let format = "flarekit-checkpoint-1"

    /// Writes the checkpoint atomically.
    public func write(to url: URL) throws {
        var tensors: [(name: String, tensor: Tensor)] = []
        for name in modelWeights.keys.sorted() { tensors.append(("model/\(name)", modelWeights[name]!)) }
        if let bestWeights {
            for name in bestWeights.keys.sorted() { tensors.append(("best/\(name)", bestWeights[name]!)) }
        }
        for key in optimizerState.slots.keys.sorted() { tensors.append(("optimizer/\(key)", optimizerState.slots[key]!)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let randomStrings = randomStates.mapValues { $0.map(String.init) }
        let metadata: [String: String] = [
            "format": Self.format,
            "epoch": String(epoch),
            "initial_learning_rate": String(initialLearningRate.bitPattern),
            "shuffle_state": shuffleState.map(String.init).joined(separator: ","),
            "random_states": String(decoding: try encoder.encode(randomStrings), as: UTF8.self),
            "optimizer_iterations": String(optimizerState.iterations),
            "epochs_without_improvement": String(epochsWithoutImprovement),
            "history": String(decoding: try encoder.encode(history), as: UTF8.self),
        ]
        try SafeTensors.write(tensors, metadata: metadata, to: url)
    }

    /// Reads a checkpoint written by ``write(to:)``.
    /// - Throws: ``NeuralCoreError/file(path:problem:)`` naming the file and the missing or
    ///   malformed entry.
    public static func read(from url: URL) throws -> TrainingCheckpoint {
        let (tensors, metadata) = try SafeTensors.read(from: url)
        let path = url.path
        func field(_ key: String) throws -> String {
            guard let value = metadata[key] else {
                throw NeuralCoreError.file(path: path, problem: "checkpoint metadata lacks '\(key)'")
            }
            return value
        }
        func integer(_ key: String) throws -> Int {
            guard let value = Int(try field(key)) else {
                throw NeuralCoreError.file(path: path, problem: "checkpoint metadata '\(key)' is not an integer")
            }
            return value
        }
        guard try field("format") == format else {
            throw NeuralCoreError.file(path: path, problem: "not a FlareKit checkpoint (format \(metadata["format"] ?? "?"))")
        }
        let shuffle = try field("shuffle_state").split(separator: ",").compactMap { UInt64($0) }
        guard shuffle.count == 4 else {
            throw NeuralCoreError.file(path: path, problem: "checkpoint metadata 'shuffle_state' needs four integers")
        }
        guard let rateBits = UInt32(try field("initial_learning_rate")) else {
            throw NeuralCoreError.file(path: path, problem: "checkpoint metadata 'initial_learning_rate' is malformed")
        }
        let decoder = JSONDecoder()
        let randomStrings: [String: [String]]
        let history: TrainingHistory
        do {
            randomStrings = try decoder.decode([String: [String]].self, from: Data(try field("random_states").utf8))
        } catch let error as NeuralCoreError {
            throw error
        } catch {
            throw NeuralCoreError.file(path: path, problem: "checkpoint metadata 'random_states': \(JSONDecodingProblem(error))")
        }
        do {
            history = try decoder.decode(TrainingHistory.self, from: Data(try field("history").utf8))
        } catch let error as NeuralCoreError {
            throw error
        } catch {
            throw NeuralCoreError.file(path: path, problem: "checkpoint metadata 'history': \(JSONDecodingProblem(error))")
        }
        var randomStates: [String: [UInt64]] = [:]
        for (name, words) in randomStrings {
            let state = words.compactMap { UInt64($0) }
            guard state.count == 4 else {
                throw NeuralCoreError.file(path: path, problem: "checkpoint random state of '\(name)' needs four integers")
            }
            randomStates[name] = state
        }
        var model: [String: Tensor] = [:], best: [String: Tensor] = [:], slots: [String: Tensor] = [:]
        for (name, tensor) in tensors {
            if name.hasPrefix("model/") { model[String(name.dropFirst(6))] = tensor }
            else if name.hasPrefix("best/") { best[String(name.dropFirst(5))] = tensor }
            else if name.hasPrefix("optimizer/") { slots[String(name.dropFirst(10))] = tensor }
            else { throw NeuralCoreError.file(path: path, problem: "unexpected checkpoint tensor '\(name)'") }
        }
        return TrainingCheckpoint(
            epoch: try integer("epoch"), initialLearningRate: Float(bitPattern: rateBits), shuffleState: shuffle,
            randomStates: randomStates,
            optimizerState: OptimizerState(iterations: try integer("optimizer_iterations"), slots: slots),
            modelWeights: model, bestWeights: best.isEmpty ? nil : best,
            epochsWithoutImprovement: try integer("epochs_without_improvement"), history: history)
    }
}
