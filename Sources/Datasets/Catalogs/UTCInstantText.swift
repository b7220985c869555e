import Foundation

/// ISO-8601 text of UTC instants, as the catalogue files and `flarekit` write them.
///
/// ```swift
/// UTCInstantText.format(date)                       // "2011-08-09T08:05:00Z"
/// UTCInstantText.format(date, milliseconds: true)   // "2011-06-07T06:41:24.119Z"
/// try UTCInstantText.parse("2011-08-09T08:05Z")     // seconds are optional
/// ```
public enum UTCInstantText {
    /// `YYYY-MM-DDTHH:MM:SSZ`; with `milliseconds`, always three decimals
    /// (`YYYY-MM-DDTHH:MM:SS.sssZ`), the instant rounded to the nearest millisecond. Without,
    /// three decimals are added only when the instant is not on a whole second.
    public static func format(_ date: Date, milliseconds: Bool = false) -> String {
        let f = CatalogText.fields(of: date)
        var text = CatalogText.pad(f.year, 4) + "-" + CatalogText.pad(f.month, 2) + "-" + CatalogText.pad(f.day, 2)
            + "T" + CatalogText.pad(f.hour, 2) + ":" + CatalogText.pad(f.minute, 2) + ":" + CatalogText.pad(f.second, 2)
        if milliseconds || f.millisecond != 0 { text += "." + CatalogText.pad(f.millisecond, 3) }
        return text + "Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fraction]]` followed by `Z`, a `±HH:MM` / `±HHMM` offset,
    /// or nothing (then UTC). A space may stand for the `T`.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` naming the text.
    public static func parse(_ text: String) throws -> Date {
        guard let date = parseOrNil(Substring(text.trimmingCharacters(in: .whitespaces))) else {
            throw DatasetsError.invalidValue(
                what: "UTC instant", value: text, reason: "not ISO-8601 YYYY-MM-DDTHH:MM[:SS[.fff]][Z]")
        }
        return date
    }

    static func parseOrNil(_ text: Substring) -> Date? {
        let bytes = Array(text.utf8)
        var position = 0
        func number(_ width: Int) -> Int? {
            guard position + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[position..<(position + width)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            position += width
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard position < bytes.count, characters.utf8.contains(bytes[position]) else { return false }
            position += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              (1...12).contains(month), (1...CatalogText.daysInMonth(year: year, month: month)).contains(day),
              expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), hour < 24, minute < 60
        else { return nil }
        var seconds = Double(hour * 3600 + minute * 60)
        if position < bytes.count, bytes[position] == UInt8(ascii: ":") {
            position += 1
            guard let second = number(2), second < 61 else { return nil }
            seconds += Double(second)
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                let fractionStart = position
                while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 { position += 1 }
                guard position > fractionStart,
                      let fraction = Double("0." + String(decoding: bytes[fractionStart..<position], as: UTF8.self))
                else { return nil }
                seconds += fraction
            }
        }
        var offset = 0
        if position < bytes.count {
            if expect("Zz") {
                // UTC
            } else if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                let sign = bytes[position] == UInt8(ascii: "-") ? -1 : 1
                position += 1
                guard let offsetHours = number(2) else { return nil }
                _ = expect(":")
                guard let offsetMinutes = number(2), offsetHours < 24, offsetMinutes < 60 else { return nil }
                offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
            } else {
                return nil
            }
        }
        guard position == bytes.count else { return nil }
        return CatalogText.date(
            dayNumber: CatalogText.days(year: year, month: month, day: day), seconds: seconds - Double(offset))
    }
}
