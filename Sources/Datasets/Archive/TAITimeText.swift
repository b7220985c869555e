import Foundation
import Magnetogram

/// Formats UTC instants as the TAI times JSOC writes (`T_REC`, file-name stamps), the reverse of
/// `JSOCTime.date(from:)`: TAI = UTC + (TAI - UTC), the offset taken from `JSOCTime`'s
/// leap-second table (34 s in early 2012, 35 s from 2012-07-01, 36 s from 2015-07-01).
enum TAITimeText {
    /// Calendar fields of a TAI instant, whole seconds.
    struct Fields: Equatable {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    /// Seconds since 1970-01-01 counted on the TAI scale (every day 86400 s), of a UTC instant.
    static func taiSeconds(ofUTC date: Date) -> Double {
        date.timeIntervalSince1970 + JSOCTime.taiMinusUTC(atUTC: date)
    }

    /// The UTC instant of a TAI second count (as `JSOCTime.date(from:)` converts it).
    static func utc(ofTAISeconds seconds: Double) -> Date? {
        JSOCTime.date(from: recordTime(taiSeconds: seconds))
    }

    /// Calendar fields of a TAI second count, rounded to the nearest second.
    static func fields(taiSeconds: Double) -> Fields {
        let total = Int(taiSeconds.rounded())
        let days = total >= 0 ? total / 86_400 : -((-total + 86_399) / 86_400)
        let within = total - days * 86_400
        let (year, month, day) = CatalogText.civil(days: days)
        return Fields(year: year, month: month, day: day, hour: within / 3600, minute: within / 60 % 60, second: within % 60)
    }

    /// `2011.02.15_02:00:00_TAI`, the T_REC form of the 2011 SHARP files.
    static func recordTime(taiSeconds: Double) -> String {
        let f = fields(taiSeconds: taiSeconds)
        return "\(pad(f.year, 4)).\(pad(f.month, 2)).\(pad(f.day, 2))_\(pad(f.hour, 2)):\(pad(f.minute, 2)):\(pad(f.second, 2))_TAI"
    }

    /// `20110215_020000_TAI`, the stamp of JSOC export file names.
    static func fileStamp(taiSeconds: Double) -> String {
        let f = fields(taiSeconds: taiSeconds)
        return "\(pad(f.year, 4))\(pad(f.month, 2))\(pad(f.day, 2))_\(pad(f.hour, 2))\(pad(f.minute, 2))\(pad(f.second, 2))_TAI"
    }

    /// `2011-02-15T01:58:12.30`, the ISO form of DATE-OBS (UTC, hundredths of a second).
    static func isoUTC(_ date: Date) -> String {
        let hundredths = Int((date.timeIntervalSince1970 * 100).rounded())
        let seconds = hundredths >= 0 ? hundredths / 100 : -((-hundredths + 99) / 100)
        let f = fields(taiSeconds: Double(seconds))
        return "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))T\(pad(f.hour, 2)):\(pad(f.minute, 2)):\(pad(f.second, 2))"
            + ".\(pad(hundredths - seconds * 100, 2))"
    }

    /// Zero-padded decimal.
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
