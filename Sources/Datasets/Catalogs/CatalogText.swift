import Foundation
import NeuralCore

/// Shared plumbing of the catalogue readers and writers: physical lines, UTC calendar
/// arithmetic without `Calendar`, and atomic text writes.
enum CatalogText {
    /// One physical line of a text file: its 1-based number and its text without the line ending.
    struct Line {
        var number: Int
        var text: Substring
        /// True when the line holds only spaces and tabs.
        var isBlank: Bool { text.allSatisfy { $0 == " " || $0 == "\t" } }
    }

    /// Splits text into physical lines on LF, dropping a trailing CR (CRLF files) and a UTF-8
    /// byte-order mark. A final line ending does not make an extra line.
    static func lines(of text: String) -> [Line] {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        var result: [Line] = []
        var number = 0
        // Split on unicode scalars: "\r\n" is a single Character, so Character splitting misses it.
        let scalars = body.unicodeScalars
        var start = scalars.startIndex
        var index = start
        func emit(_ end: String.UnicodeScalarView.SubSequence.Index) {
            number += 1
            var piece = Substring(scalars[start..<end])
            if piece.unicodeScalars.last == "\r" { piece = Substring(piece.unicodeScalars.dropLast()) }
            result.append(Line(number: number, text: piece))
        }
        while index < scalars.endIndex {
            if scalars[index] == "\n" {
                emit(index)
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        if start < scalars.endIndex { emit(scalars.endIndex) }
        return result
    }

    /// Splits a CSV line on commas (the catalogue formats never quote fields).
    static func fields(of line: Substring) -> [Substring] {
        line.split(separator: ",", omittingEmptySubsequences: false)
    }

    /// Reads a text file, naming the file in the error.
    static func read(_ url: URL) throws -> String {
        let data = try FileReadProblem.contents(of: url) { DatasetsError.file(path: url.path, reason: $0) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatasetsError.file(path: url.path, reason: "not UTF-8 text")
        }
        return text
    }

    /// Writes text so that readers see either the old file or the complete new one (a temporary
    /// file in the same directory renamed over the destination).
    static func writeAtomically(_ text: String, to url: URL) throws {
        do {
            try ManifestCoding.writeAtomically(Data(text.utf8), to: url)
        } catch let error as DatasetsError {
            throw error
        } catch {
            throw DatasetsError.file(path: url.path, reason: "cannot write: \(FileReadProblem.systemMessage(error))")
        }
    }


    // MARK: UTC calendar

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (`civil_from_days`).
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days in a month of the Gregorian calendar.
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// A UTC instant split into calendar fields; `millisecond` is the rounded fraction.
    struct Fields {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int
        var dayNumber: Int
    }

    /// Splits a date into UTC fields, rounding to the millisecond.
    static func fields(of date: Date) -> Fields {
        let totalMilliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())
        let dayMilliseconds = 86_400_000
        let dayNumber = totalMilliseconds >= 0
            ? totalMilliseconds / dayMilliseconds
            : -((-totalMilliseconds + dayMilliseconds - 1) / dayMilliseconds)
        let within = totalMilliseconds - dayNumber * dayMilliseconds
        let (year, month, day) = civil(days: dayNumber)
        return Fields(
            year: year, month: month, day: day, hour: within / 3_600_000, minute: within / 60_000 % 60,
            second: within / 1000 % 60, millisecond: within % 1000, dayNumber: dayNumber)
    }

    /// The instant of a UTC day number plus seconds into that day.
    static func date(dayNumber: Int, seconds: Double) -> Date {
        Date(timeIntervalSince1970: Double(dayNumber) * 86_400 + seconds)
    }

    /// Zero-padded decimal.
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension CatalogText {
    /// Why one row could not be read (becomes an ``FlareCatalog/InvalidRow`` or, in strict
    /// mode, a ``DatasetsError/malformedRow(path:line:reason:)``).
    struct RowProblem: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Reads every non-blank line after the header with `parse`, keeping what it returns and
    /// reporting what it rejects; in strict mode the first rejection throws.
    static func readRows<Row>(
        _ lines: ArraySlice<Line>, path: String, strict: Bool,
        parse: (Line) throws(RowProblem) -> Row
    ) throws -> (rows: [Row], invalid: [FlareCatalog.InvalidRow]) {
        var rows: [Row] = []
        var invalid: [FlareCatalog.InvalidRow] = []
        for line in lines where !line.isBlank {
            do throws(RowProblem) {
                rows.append(try parse(line))
            } catch {
                if strict { throw DatasetsError.malformedRow(path: path, line: line.number, reason: error.reason) }
                invalid.append(FlareCatalog.InvalidRow(line: line.number, reason: error.reason))
            }
        }
        return (rows, invalid)
    }

    /// The unsigned decimal value of a field made only of ASCII digits (surrounding spaces
    /// ignored) with exactly `width` digits when `width` is given.
    static func digits(_ field: Substring, width: Int? = nil) -> Int? {
        let trimmed = field.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if let width, trimmed.utf8.count != width { return nil }
        guard trimmed.utf8.count <= 18 else { return nil }
        return Int(trimmed)
    }

    /// A field quoted for an error message.
    static func quoted(_ field: Substring) -> String { "'\(field)'" }
}
