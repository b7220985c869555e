import Foundation

/// FlareKit's own plain flare-list CSV: one flare per line, UTC instants in ISO-8601.
///
/// The format:
/// - The first non-blank line is the header `start,peak,end,class,noaa_ar`. The reader finds
///   the columns by name (case-insensitive, any order, extra columns ignored); `start`, `peak`,
///   `end` and `class` are required, `noaa_ar` may be left out (no regions then).
/// - `start`, `peak`, `end`: UTC instants, `YYYY-MM-DDTHH:MM:SSZ` (three decimals of seconds
///   when the instant is not on a whole second). The reader also takes a space for the `T`,
///   omitted seconds, any number of decimals, a `±HH:MM` offset, or no zone (UTC); see
///   ``UTCInstantText``. They must be in order: start ≤ peak ≤ end.
/// - `class`: the GOES class as catalogues write it (`M2.5`, `X10.0`, `C`).
/// - `noaa_ar`: the NOAA active region number, or empty when the flare has none.
/// - Fields are never quoted; LF line endings (the reader also takes CRLF); blank lines are skipped.
///
/// ```text
/// start,peak,end,class,noaa_ar
/// 2011-08-09T07:48:00Z,2011-08-09T08:05:00Z,2011-08-09T08:08:00Z,X6.9,11263
/// 2010-01-02T14:08:00Z,2010-01-02T14:16:00Z,2010-01-02T14:24:00Z,C2.6,
/// ```
///
/// Like the SWPC reader, a row that cannot be read becomes a ``FlareCatalog/InvalidRow`` with
/// its physical 1-based line number (or, in strict mode, an error).
///
/// ```swift
/// try catalog.writePlainCSV(to: url)
/// let again = try FlareCatalog(plainCSVAt: url)   // again == catalog (to the millisecond)
/// ```
public enum PlainFlareCSV {
    /// The header the writer emits.
    public static let header = "start,peak,end,class,noaa_ar"
    /// The columns the reader needs.
    public static let requiredColumns = ["start", "peak", "end", "class"]
}

extension FlareCatalog {
    /// Reads a ``PlainFlareCSV`` file.
    /// - Throws: ``DatasetsError/file(path:reason:)`` when the file cannot be read or has no
    ///   header, ``DatasetsError/malformedRow(path:line:reason:)`` when the header lacks a
    ///   required column (naming it) or, in strict mode, for the first malformed row.
    public init(plainCSVAt url: URL, strict: Bool = false) throws {
        try self.init(plainCSVText: try CatalogText.read(url), path: url.path, strict: strict)
    }

    /// Reads ``PlainFlareCSV`` text; `path` names it in errors.
    public init(plainCSVText text: String, path: String = "<text>", strict: Bool = false) throws {
        let lines = CatalogText.lines(of: text)
        guard let headerPosition = lines.firstIndex(where: { !$0.isBlank }) else {
            throw DatasetsError.file(path: path, reason: "empty: no header line")
        }
        let header = lines[headerPosition]
        let names = CatalogText.fields(of: header.text).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var columns: [Int] = []
        for name in PlainFlareCSV.requiredColumns {
            guard let index = names.firstIndex(of: name) else {
                throw DatasetsError.malformedRow(path: path, line: header.number, reason: "the header has no '\(name)' column")
            }
            columns.append(index)
        }
        let regionColumn = names.firstIndex(of: "noaa_ar")
        let fieldCount = names.count

        let (events, invalid) = try CatalogText.readRows(lines[(headerPosition + 1)...], path: path, strict: strict) {
            line throws(CatalogText.RowProblem) -> FlareEvent in
            let fields = CatalogText.fields(of: line.text)
            guard fields.count == fieldCount else {
                throw CatalogText.RowProblem("expected \(fieldCount) fields, found \(fields.count)")
            }
            var instants: [Date] = []
            for (name, column) in zip(["start", "peak", "end"], columns) {
                let field = fields[column]
                guard let date = UTCInstantText.parseOrNil(Substring(field.trimmingCharacters(in: .whitespaces))) else {
                    throw CatalogText.RowProblem("\(name) \(CatalogText.quoted(field)) is not an ISO-8601 UTC instant")
                }
                instants.append(date)
            }
            guard instants[0] <= instants[1] else {
                throw CatalogText.RowProblem("peak \(CatalogText.quoted(fields[columns[1]])) is before start")
            }
            guard instants[1] <= instants[2] else {
                throw CatalogText.RowProblem("end \(CatalogText.quoted(fields[columns[2]])) is before peak")
            }
            let flareClass: FlareClass
            do {
                flareClass = try FlareClass(String(fields[columns[3]]))
            } catch {
                throw CatalogText.RowProblem("class \(CatalogText.quoted(fields[columns[3]])) is not a GOES class")
            }
            let region = try regionColumn.map { column throws(CatalogText.RowProblem) in
                try Self.region(fields[column], column: "noaa_ar")
            } ?? nil
            return FlareEvent(start: instants[0], peak: instants[1], end: instants[2], flareClass: flareClass, noaaRegion: region)
        }
        self.init(events: events, invalidRows: invalid)
    }

    /// The events as ``PlainFlareCSV`` text (header, then one line per event; LF endings).
    /// Instants are written to the millisecond; ``invalidRows`` are not written.
    public func plainCSVText() -> String {
        var text = PlainFlareCSV.header + "\n"
        for event in events {
            text += [
                UTCInstantText.format(event.start), UTCInstantText.format(event.peak), UTCInstantText.format(event.end),
                event.flareClass.description, event.noaaRegion.map(String.init) ?? "",
            ].joined(separator: ",") + "\n"
        }
        return text
    }

    /// Writes ``plainCSVText()`` to `url` atomically.
    /// - Throws: ``DatasetsError/file(path:reason:)`` naming `url` when it cannot be written.
    public func writePlainCSV(to url: URL) throws {
        try CatalogText.writeAtomically(plainCSVText(), to: url)
    }
}
