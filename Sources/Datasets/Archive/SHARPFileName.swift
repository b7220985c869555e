import Foundation
import Magnetogram

/// The name JSOC gives an exported SHARP CEA segment file:
/// `hmi.sharp_cea_720s.<HARPNUM>.<YYYYMMDD_HHMMSS>_TAI.<segment>.fits`, for example
/// `hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits`.
///
/// The series is `hmi.sharp_cea_720s` (definitive) or `hmi.sharp_cea_720s_nrt` (near real
/// time); the stamp is T_REC on the TAI scale; the segment is `magnetogram` (the line-of-sight
/// field, the one FlareKit reads) or another SHARP segment (`bitmap`, `Br`, `Bp`, `Bt`,
/// `conf_disambig`, ...).
///
/// ```swift
/// let name = SHARPFileName(parsing: "hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits")
/// name?.harpNumber     // 377
/// name?.recordTime     // 2011-02-15 01:59:26 UTC (TAI - UTC = 34 s in 2011)
/// name?.isMagnetogram  // true
/// SHARPFileName(harpNumber: 377, recordTime: date).fileName   // the JSOC name of that record
/// ```
public struct SHARPFileName: Sendable, Hashable, CustomStringConvertible {
    /// The series names accepted.
    public static let seriesNames = ["hmi.sharp_cea_720s", "hmi.sharp_cea_720s_nrt"]
    /// The line-of-sight magnetogram segment.
    public static let magnetogramSegment = "magnetogram"

    /// The JSOC series, e.g. `hmi.sharp_cea_720s`.
    public var series: String
    /// HARP number.
    public var harpNumber: Int
    /// The record time stamp as written, `YYYYMMDD_HHMMSS_TAI`.
    public var stamp: String
    /// The segment name, e.g. `magnetogram` or `bitmap`.
    public var segment: String

    /// Parses a file name (not a path); `nil` when the name is not a SHARP CEA export name.
    public init?(parsing name: String) {
        guard name.hasSuffix(".fits") else { return nil }
        let body = name.dropLast(".fits".count)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        // hmi . sharp_cea_720s . HARP . stamp . segment
        guard parts.count == 5 else { return nil }
        let series = "\(parts[0]).\(parts[1])"
        guard SHARPFileName.seriesNames.contains(series),
              !parts[2].isEmpty, parts[2].allSatisfy({ $0.isASCII && $0.isNumber }), let harp = Int(parts[2]),
              SHARPFileName.stampTime(parts[3]) != nil,
              !parts[4].isEmpty
        else { return nil }
        self.series = series
        self.harpNumber = harp
        self.stamp = String(parts[3])
        self.segment = String(parts[4])
    }

    /// The name of a record: the UTC instant `recordTime` is written on the TAI scale (the
    /// offset from `JSOCTime`'s leap-second table), to the nearest second.
    public init(
        harpNumber: Int, recordTime: Date, segment: String = SHARPFileName.magnetogramSegment,
        series: String = "hmi.sharp_cea_720s"
    ) {
        self.series = series
        self.harpNumber = harpNumber
        self.stamp = TAITimeText.fileStamp(taiSeconds: TAITimeText.taiSeconds(ofUTC: recordTime))
        self.segment = segment
    }

    /// Whether this is the line-of-sight magnetogram segment.
    public var isMagnetogram: Bool { segment == SHARPFileName.magnetogramSegment }

    /// The record time as a UTC instant (the stamp read as TAI and converted like T_REC).
    public var recordTime: Date? { SHARPFileName.stampTime(Substring(stamp)) }

    /// The file name.
    public var fileName: String { "\(series).\(harpNumber).\(stamp).\(segment).fits" }

    public var description: String { fileName }

    /// `YYYYMMDD_HHMMSS_TAI` as a UTC instant, or `nil`.
    static func stampTime(_ stamp: Substring) -> Date? {
        let pieces = stamp.split(separator: "_", omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[2] == "TAI", pieces[0].count == 8, pieces[1].count == 6,
              (pieces[0] + pieces[1]).allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        let d = Array(pieces[0]), t = Array(pieces[1])
        let text = "\(String(d[0..<4])).\(String(d[4..<6])).\(String(d[6..<8]))_"
            + "\(String(t[0..<2])):\(String(t[2..<4])):\(String(t[4..<6]))_TAI"
        return JSOCTime.date(from: text)
    }
}
