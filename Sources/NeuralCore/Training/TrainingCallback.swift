/// Hooks into `fit`. Every method has an empty default, so a callback implements only what it
/// needs. Returning `true` from ``shouldStop(after:)`` ends training after that epoch.
public protocol TrainingCallback: AnyObject {
    /// Before the first epoch of this call to `fit`, with the history so far: empty for a new
    /// run, the checkpoint's epochs for a resumed one. A thrown error ends `fit`.
    func trainingWillBegin(history: TrainingHistory) throws
    /// Before epoch `epoch` (from 1).
    func epochWillBegin(_ epoch: Int)
    /// After each batch: epoch and batch count from 1; `loss` is that batch's loss.
    func batchDidEnd(epoch: Int, batch: Int, loss: Double)
    /// After each epoch, with its record. A thrown error ends `fit`.
    func epochDidEnd(_ record: EpochRecord) throws
    /// Whether to stop after the epoch just recorded.
    func shouldStop(after record: EpochRecord) -> Bool
}

extension TrainingCallback {
    public func trainingWillBegin(history: TrainingHistory) throws {}
    public func epochWillBegin(_ epoch: Int) {}
    public func batchDidEnd(epoch: Int, batch: Int, loss: Double) {}
    public func epochDidEnd(_ record: EpochRecord) {}
    public func shouldStop(after record: EpochRecord) -> Bool { false }
}
