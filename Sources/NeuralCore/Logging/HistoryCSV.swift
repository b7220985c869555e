import Foundation

/// A training history as CSV, one row per epoch, in the columns Keras's `CSVLogger` users
/// expect: `epoch,loss,val_loss`, then `val_<metric>` for each validation metric (sorted by
/// name), then `learning_rate,samples_per_second,seconds`. An undefined value is an empty cell;
/// numbers are written in full precision.
public enum HistoryCSV {
    /// The CSV text of `epochs`.
    public static func text(_ epochs: [EpochRecord]) -> String {
        let metrics = Set(epochs.flatMap { $0.validationMetrics.keys }).sorted()
        var lines = [(["epoch", "loss", "val_loss"] + metrics.map { "val_\($0)" }
            + ["learning_rate", "samples_per_second", "seconds"]).joined(separator: ",")]
        for record in epochs {
            var cells = [String(record.epoch), cell(record.loss), cell(record.validationLoss)]
            cells += metrics.map { cell(record.validationMetrics[$0] ?? nil) }
            cells += [cell(Double(record.learningRate)), cell(record.samplesPerSecond), cell(record.seconds)]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func cell(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
}
