import Foundation

/// A list of flare events read from a file, with every row that could not be read and why.
///
/// Parsers keep the valid rows and report each malformed one (``invalidRows``) instead of
/// dropping it silently; in strict mode they throw on the first.
public struct FlareCatalog: Sendable, Equatable {
    /// A row that could not be read.
    public struct InvalidRow: Sendable, Hashable, Codable {
        /// Physical 1-based line number in the file.
        public var line: Int
        /// Why the row was rejected.
        public var reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    /// The valid events, in file order.
    public var events: [FlareEvent]
    /// The rejected rows, in file order.
    public var invalidRows: [InvalidRow]

    /// Creates a catalogue from events (and optionally the rows that were rejected).
    public init(events: [FlareEvent], invalidRows: [InvalidRow] = []) {
        self.events = events
        self.invalidRows = invalidRows
    }
}
