import Foundation
import Losses
import NeuralCore
import Testing

@testable import Evaluation

/// A training source that fails once it has served `limit` batches: an interruption in the
/// middle of an epoch, after the checkpoints of the epochs before it.
private final class InterruptedSource: BatchSource, @unchecked Sendable {
    let base: any BatchSource
    let limit: Int
    private(set) var served = 0

    init(_ base: any BatchSource, limit: Int) {
        self.base = base
        self.limit = limit
    }

    struct Interrupted: Error {}

    var count: Int { base.count }

    func batch(_ positions: [Int]) throws -> (inputs: Tensor, labels: Tensor) {
        served += 1
        guard served <= limit else { throw Interrupted() }
        return try base.batch(positions)
    }

    func labels(_ positions: [Int]) throws -> Tensor { try base.labels(positions) }
}

@Suite("Cross-validation splits as independent pieces")
struct SplitExecutionTests {
    private static func folder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("splits-\(name)-\(UUID().uuidString)")
    }

    /// A runner writing weights, checkpoints and records under `folder`.
    private static func runner(_ folder: URL, epochs: Int = 4, settings: [String: String] = ["loss": "wbce"]) -> CrossValidationRunner {
        var configuration = FitConfiguration(epochs: epochs, batchSize: 16, seed: 3)
        configuration.progress = .silent
        var runner = CrossValidationRunner(fit: configuration)
        runner.weightsDirectory = folder.appendingPathComponent("weights")
        runner.checkpointsDirectory = folder.appendingPathComponent("checkpoints")
        runner.recordsDirectory = folder.appendingPathComponent("records")
        runner.settings = NamedSettings(settings)
        return runner
    }

    /// Every weight tensor of a fold, by name.
    private static func weights(_ fold: CrossValidationFold) -> [String: [Float]] {
        fold.weights.mapValues(\.scalars)
    }

    /// Two results agree in everything a run folder is made of (the epochs' timings aside).
    private static func expectSame(_ a: CrossValidationResult, _ b: CrossValidationResult) {
        #expect(a.folds.count == b.folds.count)
        for (x, y) in zip(a.folds, b.folds) {
            #expect(x.name == y.name)
            #expect(x.probabilities == y.probabilities, "\(x.name)")
            #expect(x.validationProbabilities == y.validationProbabilities)
            #expect(x.labels == y.labels && x.sampleIndices == y.sampleIndices)
            #expect(x.threshold == y.threshold && x.confusion == y.confusion && x.scoredSet == y.scoredSet)
            #expect(x.history.epochs.map(\.loss) == y.history.epochs.map(\.loss))
            #expect(x.history.epochs.map(\.validationLoss) == y.history.epochs.map(\.validationLoss))
            #expect(x.history.bestEpoch == y.history.bestEpoch && x.history.bestScore == y.history.bestScore)
            #expect(weights(x) == weights(y), "\(x.name)")
        }
    }

    @Test func recordsRebuildTheTrainedFoldsExactly() throws {
        let folder = Self.folder("records")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try separableTask(count: 60, seed: 2)
        let trained = try Self.runner(folder).run(logisticTask(data), splits: threeFolds(60))
        for fold in trained.folds {
            let record = try CrossValidationRecord.read(from: folder.appendingPathComponent("records/\(fold.name).json"))
            #expect(record.settings == NamedSettings(["loss": "wbce"]) && record.weights == "\(fold.name).safetensors")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("records/\(fold.name).lock").path))
        }
        // Nothing selected: every fold comes from its record and weights.
        var assembler = Self.runner(folder)
        assembler.execution.selection = []
        let outcome = try assembler.train(logisticTask(data), splits: threeFolds(60))
        #expect(outcome.trained.isEmpty && outcome.missing.isEmpty && outcome.present == ["fold-1", "fold-2", "fold-3"])
        Self.expectSame(try #require(outcome.result), trained)
    }

    @Test func selectionsTrainTheirSplitsAndTheLastAssembles() throws {
        let whole = Self.folder("whole"), pieces = Self.folder("pieces")
        defer { for url in [whole, pieces] { try? FileManager.default.removeItem(at: url) } }
        let data = try separableTask(count: 60, seed: 4)
        let reference = try Self.runner(whole).run(logisticTask(data), splits: threeFolds(60))

        var first = Self.runner(pieces)
        first.execution.selection = [0, 2]
        let partial = try first.train(logisticTask(data), splits: threeFolds(60))
        #expect(partial.trained == ["fold-1", "fold-3"] && partial.missing == ["fold-2"] && partial.result == nil)
        #expect(throws: EvaluationError.insufficientData("cross-validation incomplete: no finished record of fold-2")) {
            var collector = Self.runner(pieces)
            collector.execution.selection = []
            _ = try collector.run(logisticTask(data), splits: threeFolds(60))
        }
        var second = Self.runner(pieces)
        second.execution.selection = [1]
        let complete = try second.train(logisticTask(data), splits: threeFolds(60))
        #expect(complete.trained == ["fold-2"] && complete.isComplete)
        Self.expectSame(try #require(complete.result), reference)
        for name in ["fold-1", "fold-2", "fold-3"] {
            let a = try Data(contentsOf: whole.appendingPathComponent("weights/\(name).safetensors"))
            let b = try Data(contentsOf: pieces.appendingPathComponent("weights/\(name).safetensors"))
            #expect(a == b, "\(name)")
        }
    }

    @Test func badSelectionsAreRefusedBeforeTraining() throws {
        let folder = Self.folder("bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try separableTask(count: 30, seed: 5)
        var runner = Self.runner(folder)
        runner.execution.selection = [1, 3]
        #expect(throws: EvaluationError.invalidArgument(
            name: "split", value: "3", reason: "outside 0..<3 (this run has 3 splits, counted from 0)")) {
            try runner.train(logisticTask(data), splits: threeFolds(30))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        var withoutRecords = Self.runner(folder)
        withoutRecords.recordsDirectory = nil
        withoutRecords.execution.selection = [0]
        #expect(throws: EvaluationError.self) { try withoutRecords.train(logisticTask(data), splits: threeFolds(30)) }
    }

    @Test func resumingKeepsFinishedSplitsAndContinuesTheInterruptedOne() throws {
        let whole = Self.folder("uninterrupted"), interrupted = Self.folder("interrupted")
        defer { for url in [whole, interrupted] { try? FileManager.default.removeItem(at: url) } }
        let data = try separableTask(count: 60, seed: 6)
        let reference = try Self.runner(whole).run(logisticTask(data), splits: threeFolds(60))

        // fold-2 fails in its third epoch (40 training samples: 3 batches an epoch), after two checkpoints.
        var task = logisticTask(data)
        task.trainingSamples = { indices, k in
            let source = try IndexedBatchSource(data, indices: indices)
            return k == 1 ? InterruptedSource(source, limit: 7) : source
        }
        #expect(throws: EvaluationError.self) { try Self.runner(interrupted).run(task, splits: threeFolds(60)) }
        let records = interrupted.appendingPathComponent("records")
        #expect(FileManager.default.fileExists(atPath: records.appendingPathComponent("fold-1.json").path))
        #expect(!FileManager.default.fileExists(atPath: records.appendingPathComponent("fold-2.json").path))
        #expect(!FileManager.default.fileExists(atPath: records.appendingPathComponent("fold-2.lock").path))
        let checkpoint = interrupted.appendingPathComponent("checkpoints/fold-2.checkpoint")
        #expect(try TrainingCheckpoint.read(from: checkpoint).epoch == 2)

        // Other settings are refused, naming the record and the setting.
        var other = Self.runner(interrupted, settings: ["loss": "sol-tss"])
        other.execution.resume = true
        #expect(throws: EvaluationError.settingsMismatch(
            path: records.appendingPathComponent("fold-1.json").path, differences: ["loss: wbce there, sol-tss here"])) {
            try other.train(logisticTask(data), splits: threeFolds(60))
        }

        var resumed = Self.runner(interrupted)
        resumed.execution.resume = true
        var events: [String] = []
        resumed.onProgress = { event in if let note = event.note { events.append(note) } }
        let outcome = try resumed.train(logisticTask(data), splits: threeFolds(60))
        #expect(outcome.kept == ["fold-1"] && outcome.resumed == ["fold-2"] && outcome.trained == ["fold-2", "fold-3"])
        #expect(events.contains("fold-2 (2/3): resuming from its checkpoint after epoch 2"))
        Self.expectSame(try #require(outcome.result), reference)
        for name in ["fold-1", "fold-2", "fold-3"] {
            #expect(try Data(contentsOf: whole.appendingPathComponent("weights/\(name).safetensors"))
                == Data(contentsOf: interrupted.appendingPathComponent("weights/\(name).safetensors")), "\(name)")
        }
    }

    @Test func aSelectionNextToRecordsOfOtherSettingsIsRefused() throws {
        let folder = Self.folder("mixed")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try separableTask(count: 30, seed: 7)
        _ = try Self.runner(folder, epochs: 1).run(logisticTask(data), splits: threeFolds(30))
        var task = Self.runner(folder, epochs: 1, settings: ["loss": "other"])
        task.execution.selection = [0]
        #expect(throws: EvaluationError.settingsMismatch(
            path: folder.appendingPathComponent("records/fold-2.json").path, differences: ["loss: wbce there, other here"])) {
            try task.train(logisticTask(data), splits: threeFolds(30))
        }
        // Nothing was trained: fold-1's record is still the first run's.
        let record = try CrossValidationRecord.read(from: folder.appendingPathComponent("records/fold-1.json"))
        #expect(record.settings == NamedSettings(["loss": "wbce"]))
    }

    @Test func locksKeepTwoProcessesOffOneSplit() throws {
        let folder = Self.folder("locks")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("fold-1.lock")
        let lock = try LockFile.acquire(at: url, takingOverStale: false)
        #expect(LockFile.owner(at: url) == lock.owner && lock.owner.pid == getpid())
        #expect(throws: EvaluationError.locked(path: url.path, owner: "\(lock.owner)", stale: false)) {
            try LockFile.acquire(at: url, takingOverStale: true)   // a live owner is never taken over
        }
        lock.release()
        #expect(LockFile.owner(at: url) == nil)

        // A lock left by a process of this host that has exited is stale.
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        let dead = LockFile.Owner(pid: exited.processIdentifier, host: LockFile.hostName, token: "x", since: "then")
        try JSONEncoder().encode(dead).write(to: url)
        #expect(throws: EvaluationError.locked(path: url.path, owner: "\(dead)", stale: true)) {
            try LockFile.acquire(at: url, takingOverStale: false)
        }
        let taken = try LockFile.acquire(at: url, takingOverStale: true)
        #expect(taken.tookOverFrom == dead && LockFile.owner(at: url) == taken.owner)
        taken.release()

        // The runner: a split held by a live process is an error naming it; a stale one is taken over when resuming.
        let data = try separableTask(count: 30, seed: 8)
        let records = folder.appendingPathComponent("run/records")
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        let held = try LockFile.acquire(at: records.appendingPathComponent("fold-2.lock"), takingOverStale: false)
        var runner = Self.runner(folder.appendingPathComponent("run"), epochs: 1)
        runner.execution.selection = [1]
        #expect(throws: EvaluationError.locked(
            path: records.appendingPathComponent("fold-2.lock").path, owner: "\(held.owner)", stale: false)) {
            try runner.train(logisticTask(data), splits: threeFolds(30))
        }
        held.release()
        try JSONEncoder().encode(dead).write(to: records.appendingPathComponent("fold-2.lock"))
        #expect(throws: EvaluationError.self) { try runner.train(logisticTask(data), splits: threeFolds(30)) }
        runner.execution.resume = true
        var notes: [String] = []
        runner.onProgress = { event in if let note = event.note { notes.append(note) } }
        let outcome = try runner.train(logisticTask(data), splits: threeFolds(30))
        #expect(outcome.trained == ["fold-2"])
        #expect(notes.contains { $0.hasPrefix("fold-2: stale lock of pid \(dead.pid)") })
        #expect(!FileManager.default.fileExists(atPath: records.appendingPathComponent("fold-2.lock").path))
    }

    @Test func ranksShareTheSplitsOutRoundRobin() throws {
        let single = Self.folder("one-process"), shared = Self.folder("ranks"), crowded = Self.folder("crowded")
        defer { for url in [single, shared, crowded] { try? FileManager.default.removeItem(at: url) } }
        let data = try separableTask(count: 60, seed: 9)
        let reference = try Self.runner(single).run(logisticTask(data), splits: threeFolds(60))

        for (folder, size) in [(shared, 2), (crowded, 5)] {
            let outcomes = try ThreadGroup.run(ranks: size) { communicator in
                var runner = Self.runner(folder)
                runner.execution.communicator = communicator
                let lines = Lines()
                runner.onProgress = { event in
                    switch event {
                    case let .started(k, _, _): lines.append("trains \(k)")
                    default: if let note = event.note { lines.append(note) }
                    }
                }
                let outcome = try runner.train(logisticTask(data), splits: threeFolds(60))
                return (runner.execution.mode, outcome, lines.all)
            }
            for rank in 0..<size {
                let (mode, outcome, lines) = outcomes[rank]
                #expect(mode == .splits)
                #expect(lines.filter { $0.hasPrefix("trains") } == (0..<3).filter { $0 % size == rank }.map { "trains \($0)" })
                #expect(outcome.isComplete)
                #expect((outcome.result != nil) == (rank == 0))
                if rank >= 3 { #expect(lines == ["rank \(rank) of \(size): no split to train (3 splits over \(size) ranks)"]) }
            }
            Self.expectSame(try #require(outcomes[0].1.result), reference)
        }
    }

    @Test func dataParallelRanksTrainEverySplitAndOnlyRankZeroWrites() throws {
        let single = Self.folder("data-one"), shared = Self.folder("data-ranks")
        defer { for url in [single, shared] { try? FileManager.default.removeItem(at: url) } }
        let data = try separableTask(count: 60, seed: 10)
        let reference = try Self.runner(single).run(logisticTask(data), splits: threeFolds(60))
        let outcomes = try ThreadGroup.run(ranks: 2) { communicator in
            var runner = Self.runner(shared)
            runner.execution.communicator = communicator
            runner.execution.dataParallel = true
            return (runner.execution.mode, try runner.train(logisticTask(data), splits: threeFolds(60)))
        }
        let (mode, root) = outcomes[0], other = outcomes[1].1
        #expect(mode == .data)
        #expect(root.trained == ["fold-1", "fold-2", "fold-3"] && other.trained == root.trained)
        #expect(other.result == nil)
        let result = try #require(root.result)
        // Whatever fit's data parallelism does with the ranks, the scores are the one-process run's to rounding.
        for (fold, expected) in zip(result.folds, reference.folds) {
            #expect(zip(fold.probabilities, expected.probabilities).allSatisfy { abs($0 - $1) < 1e-4 }, "\(fold.name)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent("weights").path).sorted()
        #expect(files == ["fold-1.safetensors", "fold-2.safetensors", "fold-3.safetensors"])
    }

    @Test func namedSettingsNameEachDifference() throws {
        struct Settings { var epochs = 20; var clip: Float? = nil; var name = "cnn2" }
        var changed = Settings()
        changed.epochs = 30
        changed.clip = 2000
        let stored = NamedSettings(describing: Settings(), prefix: "c.")
        #expect(stored.values == ["c.epochs": "20", "c.clip": "none", "c.name": "cnn2"])
        #expect(NamedSettings(describing: changed, prefix: "c.").differences(from: stored)
            == ["c.clip: none there, 2000.0 here", "c.epochs: 20 there, 30 here"])
        let decoded = try JSONDecoder().decode(NamedSettings.self, from: JSONEncoder().encode(stored))
        #expect(decoded == stored)
    }
}

/// Progress lines collected by one rank's thread.
final class Lines: @unchecked Sendable {
    private(set) var all: [String] = []
    func append(_ line: String) { all.append(line) }
}
