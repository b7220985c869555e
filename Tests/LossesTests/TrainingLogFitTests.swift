import Foundation
import NeuralCore
import Testing
@testable import Losses

/// `TrainingLogWriter` as a `fit` callback: one `history.csv` row per epoch, a resumed run's
/// included, and TensorBoard event files beside it.
@Suite("fit with a training log")
struct TrainingLogFitTests {
    func fitWithLog(epochs: Int, folder: URL, checkpoint: URL, resuming: Bool) throws -> TrainingHistory {
        var configuration = FitConfiguration.scoring(epochs: epochs, batchSize: 16, seed: 5)
        configuration.progress = .silent
        configuration.checkpointURL = checkpoint
        return try fit(
            model: try FitTests.smallCNN(seed: 4), loss: try WeightedBinaryCrossEntropy(), optimizer: try Adam(learningRate: 2e-3),
            data: try FitTests.bipoleTask(count: 64, seed: 1), validation: try FitTests.bipoleTask(count: 32, seed: 2),
            configuration: configuration, callbacks: [TrainingLogWriter(folder: folder)],
            resumingFrom: resuming ? checkpoint : nil)
    }

    @Test("A resumed run's history.csv holds every epoch once, as an uninterrupted run's does")
    func resumedHistoryIsComplete() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let whole = root.appendingPathComponent("whole"), parts = root.appendingPathComponent("parts")
        let history = try fitWithLog(
            epochs: 3, folder: whole, checkpoint: root.appendingPathComponent("whole.checkpoint"), resuming: false)
        let checkpoint = root.appendingPathComponent("parts.checkpoint")
        _ = try fitWithLog(epochs: 1, folder: parts, checkpoint: checkpoint, resuming: false)
        _ = try fitWithLog(epochs: 3, folder: parts, checkpoint: checkpoint, resuming: true)

        func rows(_ folder: URL) throws -> [[String]] {
            try String(contentsOf: folder.appendingPathComponent("history.csv"), encoding: .utf8)
                .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let wholeRows = try rows(whole), partRows = try rows(parts)
        #expect(wholeRows.first == ["epoch", "loss", "val_loss", "val_tss", "learning_rate", "samples_per_second", "seconds"])
        #expect(wholeRows.dropFirst().map { $0[0] } == ["1", "2", "3"])
        #expect(partRows.dropFirst().map { $0[0] } == ["1", "2", "3"])
        // Same losses and metrics (training is deterministic); throughput and time differ.
        #expect(wholeRows.map { $0.prefix(5) } == partRows.map { $0.prefix(5) })
        #expect(wholeRows[1][1] == "\(history.epochs[0].loss)")

        let eventFiles = { (folder: URL) in
            try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("events.out.tfevents.") }
        }
        #expect(try eventFiles(whole).count == 1)
        #expect(try eventFiles(parts).count == 2)   // the resumed run adds its own file
    }
}
