import Foundation

/// How `fit` reports progress.
public enum ProgressStyle: Sendable, Equatable {
    /// A live bar when standard error is a terminal (and neither `CI` is set nor `TERM` is
    /// `dumb`), plain lines otherwise.
    case automatic
    /// A live bar redrawn in place.
    case bar
    /// One line per epoch (for logs and pipes).
    case lines
    /// Nothing.
    case silent
}

/// Writes `fit`'s progress to standard error: a bar with batch counter, samples/s, the epoch's
/// remaining time, loss and a running metric on a terminal; plain lines per epoch otherwise (no
/// control characters, for log files and CI).
final class TrainingProgress {
    private let style: ProgressStyle
    private let epochs: Int
    private var lastDraw = Date.distantPast

    init(style: ProgressStyle, epochs: Int) {
        if style == .automatic {
            self.style = Self.isInteractiveTerminal ? .bar : .lines
        } else {
            self.style = style
        }
        self.epochs = epochs
    }

    /// Whether standard error is a terminal that redraws a line in place.
    static var isInteractiveTerminal: Bool {
        let environment = ProcessInfo.processInfo.environment
        return isatty(STDERR_FILENO) != 0 && environment["CI"] == nil && environment["TERM"] != "dumb"
    }

    /// `m:ss` (or `h:mm:ss`) of a duration in seconds.
    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }

    func batch(
        epoch: Int, batch: Int, of batches: Int, elapsed: Double, samplesPerSecond: Double, loss: Double,
        metric: () -> (name: String, value: Double?)?
    ) {
        guard style == .bar else { return }
        let now = Date()
        guard batch == batches || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let width = 24
        let filled = batches > 0 ? width * batch / batches : width
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "")
            + String(repeating: " ", count: max(0, width - filled - 1))
        let remaining = batch < batches ? "ETA " + Self.clock(elapsed / Double(batch) * Double(batches - batch)) : Self.clock(elapsed)
        var line = "epoch \(epoch)/\(epochs) [\(bar)] \(batch)/\(batches)  \(remaining)"
            + String(format: "  %.1f samples/s  loss %.4f", samplesPerSecond, loss)
        if let metric = metric() { line += "  \(metric.name) " + format(metric.value) }
        write("\r\u{1B}[K" + line)
    }

    /// On the bar: what the epoch does after its batches (validating, say).
    func stage(_ text: String) {
        guard style == .bar else { return }
        write("\r\u{1B}[K" + text)
    }

    func epochEnded(_ record: EpochRecord) {
        guard style != .silent else { return }
        var line = "epoch \(record.epoch)/\(epochs)" + String(format: "  loss %.4f", record.loss)
        if let validationLoss = record.validationLoss { line += String(format: "  val_loss %.4f", validationLoss) }
        for name in record.validationMetrics.keys.sorted() {
            line += "  val_\(name) " + format(record.validationMetrics[name] ?? nil)
        }
        line += String(format: "  lr %.3g  %.1f samples/s", record.learningRate, record.samplesPerSecond)
        if let seconds = record.seconds { line += "  " + Self.clock(seconds) }
        write((style == .bar ? "\r\u{1B}[K" : "") + line + "\n")
    }

    func message(_ text: String) {
        guard style != .silent else { return }
        write(text + "\n")
    }

    private func format(_ value: Double?) -> String {
        value.map { String(format: "%.4f", $0) } ?? "n/a"
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
