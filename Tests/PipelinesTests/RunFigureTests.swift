import Evaluation
import Foundation
@testable import NeuralCore
import Testing

@testable import Pipelines

/// A run folder's figure is declared once: the writer and the report take its file and caption
/// from the same ``RunFigure``.
@Suite("Run figures")
struct RunFigureTests {
    @Test func pathsJoinTheSubfolder() {
        let figure = RunFigure(name: "loss_by_epoch", caption: "Loss (Fig. 13)")
        #expect(figure.path(in: "training") == "training/loss_by_epoch.svg")
        #expect(figure.path(in: "model-a/") == "model-a/loss_by_epoch.svg")
        #expect(figure.path(in: "") == "loss_by_epoch.svg")
        #expect(figure.dataPath(in: "training") == "training/loss_by_epoch")
    }

    @Test func theWriterAndTheReportShareTheFile() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-run-figure-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try RunFolder(at: root)
        var history = TrainingHistory()
        history.epochs = [1, 2].map {
            EpochRecord(epoch: $0, loss: 1 / Double($0), validationLoss: nil, validationMetrics: [:], learningRate: 1e-3, samplesPerSecond: 1)
        }
        let losses = LossByEpoch([history])
        try run.write(losses, drawnAs: try losses.figure(), .lossByEpoch, in: "training")
        for name in ["loss_by_epoch.json", "loss_by_epoch.csv", "loss_by_epoch.svg"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("training/" + name).path), "\(name)")
        }
        var report = MarkdownReport(title: "Run")
        report.figure(.lossByEpoch, in: "training", note: "; two folds")
        #expect(report.text.contains(
            "![Mean training and validation loss per epoch, ±1σ over the folds (Fig. 13); two folds](training/loss_by_epoch.svg)"))
    }
}
