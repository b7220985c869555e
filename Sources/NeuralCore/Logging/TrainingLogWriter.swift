import Foundation

/// A training callback that keeps a run's log in a folder: `history.csv` (``HistoryCSV``,
/// rewritten atomically after every epoch, so it always holds every epoch so far, a resumed
/// run's included) and TensorBoard event files (one scalar per column, step = epoch;
/// `tensorboard --logdir FOLDER` shows them).
///
/// ```swift
/// let log = TrainingLogWriter(folder: run.appendingPathComponent("logs/fold-1"))
/// let history = try fit(model: model, loss: loss, optimizer: adam, data: training,
///                       validation: validation, configuration: configuration, callbacks: [log])
/// ```
public final class TrainingLogWriter: TrainingCallback {
    /// The folder holding `history.csv` and the event files.
    public let folder: URL
    /// Whether TensorBoard event files are written.
    public let writesTensorBoard: Bool
    private var epochs: [EpochRecord] = []
    private var events: TensorBoardEventFile?

    /// `history.csv` in ``folder``.
    public var historyURL: URL { folder.appendingPathComponent("history.csv") }

    /// Creates the writer; nothing is written before training begins.
    public init(folder: URL, tensorBoard: Bool = true) {
        self.folder = folder
        writesTensorBoard = tensorBoard
    }

    public func trainingWillBegin(history: TrainingHistory) throws {
        epochs = history.epochs
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw NeuralCoreError.file(path: folder.path, problem: "cannot create the log folder: \(error.localizedDescription)")
        }
        try writeAtomically(Data(HistoryCSV.text(epochs).utf8), to: historyURL, synchronize: false)
        if writesTensorBoard { events = try TensorBoardEventFile(folder: folder) }
    }

    public func epochDidEnd(_ record: EpochRecord) throws {
        epochs.removeAll { $0.epoch >= record.epoch }
        epochs.append(record)
        try writeAtomically(Data(HistoryCSV.text(epochs).utf8), to: historyURL, synchronize: false)
        try events?.append(scalars: Self.scalars(record), step: Int64(record.epoch))
    }

    /// The scalars of one epoch, tagged as the CSV's columns.
    static func scalars(_ record: EpochRecord) -> [(tag: String, value: Float)] {
        var scalars: [(tag: String, value: Float)] = [("loss", Float(record.loss))]
        if let validationLoss = record.validationLoss { scalars.append(("val_loss", Float(validationLoss))) }
        for name in record.validationMetrics.keys.sorted() {
            if let value = record.validationMetrics[name] ?? nil { scalars.append(("val_\(name)", Float(value))) }
        }
        scalars.append(("learning_rate", record.learningRate))
        scalars.append(("samples_per_second", Float(record.samplesPerSecond)))
        if let seconds = record.seconds { scalars.append(("seconds", Float(seconds))) }
        return scalars
    }
}
