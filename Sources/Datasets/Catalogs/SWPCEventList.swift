import Foundation

extension FlareCatalog {
    /// Reads a NOAA SWPC GOES event-list CSV (for example `swpc_flarelist_2010-2014.csv`).
    ///
    /// Columns are found by header name (case-insensitive, in any order); the reader needs
    /// `date` (YYYYMMDD, the UTC day of the start), `start_time`, `max_time` and `end_time`
    /// (HHMM on that day), `goes_class` (`M2.5`) and `noaa_ar` (the region number, blank when
    /// unassigned); other columns are ignored. The header may name every field, start with an
    /// empty name for pandas' row index, or (as in the SWPC files saved by pandas) leave the
    /// leading index column out altogether, with one field more in every row than names in the
    /// header: the layout most rows have decides.
    ///
    /// A peak or end HHMM earlier than the start HHMM is on the next day. SWPC writes a time it
    /// does not have as `////`: a missing `max_time` is taken as the start instant (six rows of
    /// 2010-2014, all starting minutes before midnight), a missing `end_time` as the peak; a
    /// missing start or date makes the row invalid. Blank lines are
    /// skipped, CRLF line endings are accepted. A row that cannot be read (wrong field count,
    /// bad date, time or class, a non-numeric region, an end before the peak) becomes an
    /// ``InvalidRow`` with its physical 1-based line number, and the valid rows are kept; with
    /// `strict` the first such row throws instead.
    ///
    /// ```swift
    /// let catalog = try FlareCatalog(swpcEventListAt: URL(fileURLWithPath: "swpc_flarelist_2010-2014.csv"))
    /// catalog.events.count                                    // 6466
    /// catalog.events.filter { $0.flareClass >= .m1 }.count    // 611
    /// ```
    /// - Throws: ``DatasetsError/file(path:reason:)`` when the file cannot be read or has no
    ///   header, ``DatasetsError/malformedRow(path:line:reason:)`` when the header lacks a
    ///   required column (naming it) or, in strict mode, for the first malformed row.
    public init(swpcEventListAt url: URL, strict: Bool = false) throws {
        try self.init(swpcEventListText: try CatalogText.read(url), path: url.path, strict: strict)
    }

    /// Reads a NOAA SWPC GOES event list from text; `path` names it in errors. See
    /// ``init(swpcEventListAt:strict:)`` for the format and the handling of malformed rows.
    public init(swpcEventListText text: String, path: String = "<text>", strict: Bool = false) throws {
        let lines = CatalogText.lines(of: text)
        guard let headerPosition = lines.firstIndex(where: { !$0.isBlank }) else {
            throw DatasetsError.file(path: path, reason: "empty: no header line")
        }
        let header = lines[headerPosition]
        let body = lines[(headerPosition + 1)...]
        var names = CatalogText.fields(of: header.text).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }

        // The pandas quirk: rows carry one more field (the unnamed index) than the header names.
        if names.first != "" {
            var withIndex = 0
            var withoutIndex = 0
            for line in body where !line.isBlank {
                let count = CatalogText.fields(of: line.text).count
                if count == names.count + 1 { withIndex += 1 }
                if count == names.count { withoutIndex += 1 }
            }
            if withIndex > withoutIndex { names.insert("", at: 0) }
        }

        func column(_ name: String) throws -> Int {
            guard let index = names.firstIndex(of: name) else {
                throw DatasetsError.malformedRow(
                    path: path, line: header.number, reason: "the header has no '\(name)' column")
            }
            return index
        }
        let dateColumn = try column("date")
        let startColumn = try column("start_time")
        let peakColumn = try column("max_time")
        let endColumn = try column("end_time")
        let classColumn = try column("goes_class")
        let regionColumn = try column("noaa_ar")
        let fieldCount = names.count

        let (events, invalid) = try CatalogText.readRows(body, path: path, strict: strict) {
            line throws(CatalogText.RowProblem) -> FlareEvent in
            let fields = CatalogText.fields(of: line.text)
            guard fields.count == fieldCount else {
                throw CatalogText.RowProblem("expected \(fieldCount) fields, found \(fields.count)")
            }
            let day = try Self.swpcDay(fields[dateColumn])
            let start = try Self.swpcMinutes(fields[startColumn], column: "start_time")
            // SWPC writes a missing time as '////': a missing peak is taken as the start, a missing end as the peak.
            var peak = try Self.swpcMinutes(fields[peakColumn], column: "max_time", missing: start)
            if peak < start { peak += 1440 }
            var end = try Self.swpcMinutes(fields[endColumn], column: "end_time", missing: peak)
            if end < start { end += 1440 }
            guard end >= peak else {
                throw CatalogText.RowProblem(
                    "end_time \(CatalogText.quoted(fields[endColumn])) is before max_time \(CatalogText.quoted(fields[peakColumn]))")
            }
            let flareClass: FlareClass
            do {
                flareClass = try FlareClass(String(fields[classColumn]))
            } catch {
                throw CatalogText.RowProblem("goes_class \(CatalogText.quoted(fields[classColumn])) is not a GOES class")
            }
            let region = try Self.region(fields[regionColumn], column: "noaa_ar")
            return FlareEvent(
                start: CatalogText.date(dayNumber: day, seconds: Double(start * 60)),
                peak: CatalogText.date(dayNumber: day, seconds: Double(peak * 60)),
                end: CatalogText.date(dayNumber: day, seconds: Double(end * 60)),
                flareClass: flareClass, noaaRegion: region)
        }
        self.init(events: events, invalidRows: invalid)
    }

    /// The UTC day number of a YYYYMMDD field.
    private static func swpcDay(_ field: Substring) throws(CatalogText.RowProblem) -> Int {
        guard let value = CatalogText.digits(field, width: 8) else {
            throw CatalogText.RowProblem("date \(CatalogText.quoted(field)) is not YYYYMMDD")
        }
        let year = value / 10_000, month = value / 100 % 100, day = value % 100
        guard (1...12).contains(month), (1...CatalogText.daysInMonth(year: year, month: month)).contains(day) else {
            throw CatalogText.RowProblem("date \(CatalogText.quoted(field)) is not a calendar date")
        }
        return CatalogText.days(year: year, month: month, day: day)
    }

    /// Minutes into the day of an HHMM field; `missing` when the field is SWPC's '////' or blank
    /// and a value for a missing time is given.
    private static func swpcMinutes(
        _ field: Substring, column: String, missing: Int? = nil
    ) throws(CatalogText.RowProblem) -> Int {
        if let missing, field.allSatisfy({ $0 == "/" || $0 == " " }) { return missing }
        guard let value = CatalogText.digits(field, width: 4), value / 100 < 24, value % 100 < 60 else {
            throw CatalogText.RowProblem("\(column) \(CatalogText.quoted(field)) is not a time HHMM")
        }
        return value / 100 * 60 + value % 100
    }

    /// A NOAA region field: blank is `nil`, otherwise a positive integer.
    static func region(_ field: Substring, column: String) throws(CatalogText.RowProblem) -> Int? {
        let trimmed = field.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        guard let value = CatalogText.digits(field), value > 0 else {
            throw CatalogText.RowProblem("\(column) \(CatalogText.quoted(field)) is not a NOAA region number")
        }
        return value
    }
}
