import Foundation

/// Where a pipeline reports what it is doing: one line per step, for a terminal or a log.
///
/// The default writes to standard error; pass ``silent`` in tests or your own closure to
/// collect the lines.
///
/// ```swift
/// let log = PipelineLog { line in print(line) }
/// log("indexing 2000 headers")
/// ```
public struct PipelineLog: Sendable {
    private let sink: @Sendable (String) -> Void

    /// A log that hands each line to `sink`.
    public init(_ sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    /// Writes each line to standard error.
    public static let standardError = PipelineLog { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Drops every line.
    public static let silent = PipelineLog { _ in }

    /// The same log with `prefix` before every line (`rank 1/4: `, say).
    public func prefixed(_ prefix: String) -> PipelineLog {
        let sink = self.sink
        return PipelineLog { line in sink(prefix + line) }
    }

    /// Reports one line.
    public func callAsFunction(_ line: String) {
        sink(line)
    }
}
