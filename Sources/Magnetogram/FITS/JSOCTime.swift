import Foundation

/// Times as JSOC writes them in HMI headers (`T_REC`, `T_OBS`, `T_FRST`, ...), converted to a
/// UTC `Date`.
///
/// Accepted forms: `2011.02.15_02:00:00_TAI`, `2024.06.28_00:00:08.212_TAI`, the same with
/// `_UTC`, `_UT` or `Z`, and ISO 8601 `2011-02-15T01:58:12.30` (taken as UTC, as DATE-OBS is).
/// Hours may be omitted (`2011.02.15_TAI` is midnight).
///
/// TAI handling: `_TAI` times are converted to UTC with the leap-second table below (TAI - UTC =
/// 10 s from 1972, 34 s through 2011 to mid-2012, 37 s since 2017-01-01), so the `Date` is a
/// true instant comparable with UTC catalogues such as the GOES flare lists: T_REC
/// `2011.02.15_02:00:00_TAI` is 2011-02-15 01:59:26 UTC. A `Date` cannot name the leap second
/// itself (23:59:60 UTC): a TAI time inside it maps to the first second of the next UTC day.
/// Before 1972 (rubber seconds) 10 s is used, an approximation to within a second. No leap
/// second has been announced after 2017-01-01; when one is, add it to ``leapSeconds``.
///
/// ```swift
/// JSOCTime.date(from: "2011.02.15_02:00:00_TAI")   // 2011-02-15 01:59:26 +0000
/// JSOCTime.taiMinusUTC(atUTC: someDate)             // 34 in 2011
/// ```
public enum JSOCTime {
    /// TAI - UTC in seconds from each UTC date (year, month, day) on (IERS Bulletin C).
    public static let leapSeconds: [(year: Int, month: Int, day: Int, taiMinusUTC: Double)] = [
        (1972, 1, 1, 10), (1972, 7, 1, 11), (1973, 1, 1, 12), (1974, 1, 1, 13), (1975, 1, 1, 14), (1976, 1, 1, 15),
        (1977, 1, 1, 16), (1978, 1, 1, 17), (1979, 1, 1, 18), (1980, 1, 1, 19), (1981, 7, 1, 20), (1982, 7, 1, 21),
        (1983, 7, 1, 22), (1985, 7, 1, 23), (1988, 1, 1, 24), (1990, 1, 1, 25), (1991, 1, 1, 26), (1992, 7, 1, 27),
        (1993, 7, 1, 28), (1994, 7, 1, 29), (1996, 1, 1, 30), (1997, 7, 1, 31), (1999, 1, 1, 32), (2006, 1, 1, 33),
        (2009, 1, 1, 34), (2012, 7, 1, 35), (2015, 7, 1, 36), (2017, 1, 1, 37),
    ]

    /// The table as UTC instants (seconds since 1970) with their offsets.
    private static let steps: [(utc: Double, offset: Double)] = leapSeconds.map {
        (Double(daysFromCivil(year: $0.year, month: $0.month, day: $0.day)) * 86400, $0.taiMinusUTC)
    }

    /// TAI - UTC in seconds at a UTC instant (10 before 1972).
    public static func taiMinusUTC(atUTC date: Date) -> Double {
        let seconds = date.timeIntervalSince1970
        return steps.last { $0.utc <= seconds }?.offset ?? 10
    }

    /// The UTC instant of a JSOC or ISO time string; `nil` when the text is none of the forms.
    public static func date(from text: String) -> Date? {
        var body = text.trimmingCharacters(in: .whitespaces)
        var isTAI = false
        for (suffix, tai) in [("_TAI", true), ("_UTC", false), ("_UT", false), ("Z", false)] where body.hasSuffix(suffix) {
            body.removeLast(suffix.count)
            isTAI = tai
            break
        }
        guard let seconds = secondsSince1970(body) else { return nil }
        if !isTAI { return Date(timeIntervalSince1970: seconds) }
        // `seconds` counts TAI as if it were UTC; the offset in force at TAI instant t starts at
        // TAI = UTC start + offset.
        let offset = steps.last { $0.utc + $0.offset <= seconds }?.offset ?? 10
        return Date(timeIntervalSince1970: seconds - offset)
    }

    /// Seconds since 1970-01-01 of `YYYY.MM.DD[_hh:mm[:ss[.fff]]]` or `YYYY-MM-DDThh:mm:ss[.fff]`,
    /// counting every day as 86400 s.
    private static func secondsSince1970(_ text: String) -> Double? {
        let dateTime: [Substring]
        let dateSeparator: Character
        if text.contains("T") {
            dateTime = text.split(separator: "T", omittingEmptySubsequences: false)
            dateSeparator = "-"
        } else {
            dateTime = text.split(separator: "_", omittingEmptySubsequences: false)
            dateSeparator = "."
        }
        guard (1...2).contains(dateTime.count) else { return nil }
        let dateParts = dateTime[0].split(separator: dateSeparator, omittingEmptySubsequences: false)
        guard dateParts.count == 3, dateParts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(dateParts[0]), let month = Int(dateParts[1]), let day = Int(dateParts[2]),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var hour = 0, minute = 0
        var second = 0.0
        if dateTime.count == 2 {
            let timeParts = dateTime[1].split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(timeParts.count), timeParts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
                  timeParts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
                  let h = Int(timeParts[0]), let m = Int(timeParts[1]), (0...23).contains(h), (0...59).contains(m)
            else { return nil }
            hour = h
            minute = m
            if timeParts.count == 3 {
                let secondText = timeParts[2]
                guard !secondText.isEmpty, secondText.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." }),
                      let s = Double(secondText), s >= 0, s < 61 else { return nil }
                second = s
            }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Double(days) * 86400 + Double(hour * 3600 + minute * 60) + second
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }
}
