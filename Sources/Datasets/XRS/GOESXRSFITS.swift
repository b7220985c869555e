import Foundation
import Magnetogram

extension GOESXRSLightCurve {
    /// Reads a GOES XRS light curve from an SDAC FITS file (`go1520110607.fits`, GOES 8-15).
    ///
    /// The file holds a binary-table extension `FLUXES` with a `TIME` column (seconds since
    /// 00:00 UT of the observation day) and a `FLUX` column of two channels per sample
    /// (`TDIM = '(2,N)'`: channel 0 is 1-8 Angstrom, channel 1 is 0.5-4 Angstrom). The
    /// observation day is the primary header's `DATE-OBS` (or the table's), written
    /// `DD/MM/YYYY` by SDAC, `DD/MM/YY` in old FITS files (19YY), or ISO `YYYY-MM-DD[Thh:mm:ss]`;
    /// without `DATE-OBS` the table's `TIMEZERO` (a Modified Julian Day) is used. The fill value
    /// -99999 and other non-positive fluxes become `nil`.
    ///
    /// ```swift
    /// let curve = try GOESXRSLightCurve(contentsOf: URL(fileURLWithPath: "go1520110607.fits"))
    /// curve.peak?.time   // 2011-06-07T06:41:24.119Z
    /// ```
    /// - Throws: `MagnetogramError` when the file is not readable FITS or has no `FLUXES`
    ///   table with `TIME` and `FLUX` columns; ``DatasetsError/file(path:reason:)`` naming the
    ///   file when the observation day is missing or unreadable, or the columns' sizes disagree.
    public init(contentsOf url: URL) throws {
        let path = url.path
        let reader = FITSReader()
        let table = try reader.readTable(at: path, extensionName: "FLUXES", columns: ["TIME", "FLUX"])
        let primary = try reader.readHeaders(at: path).first
        guard let timeColumn = table.column("TIME"), let fluxColumn = table.column("FLUX") else {
            throw DatasetsError.file(path: path, reason: "the FLUXES table lacks TIME or FLUX")
        }

        let dayNumber = try Self.observationDay(primary: primary, table: table.header, path: path)
        let sampleCount = timeColumn.values.count
        guard fluxColumn.values.count == 2 * sampleCount else {
            throw DatasetsError.file(
                path: path,
                reason: "FLUX has \(fluxColumn.values.count) values for \(sampleCount) TIME samples (expected two channels per sample)")
        }
        // TDIM (2,N) interleaves the channels (channel fastest); (N,2) in one row stores them one after the other.
        var channelMajor = false
        if let dimensions = fluxColumn.dimensions, dimensions.count == 2, dimensions[0] != 2, dimensions[1] == 2,
           fluxColumn.rowCount == 1 {
            channelMajor = true
        }

        var times: [Date] = []
        times.reserveCapacity(sampleCount)
        var long = [Double?](repeating: nil, count: sampleCount)
        var short = [Double?](repeating: nil, count: sampleCount)
        for (index, seconds) in timeColumn.values.enumerated() {
            guard seconds.isFinite else {
                throw DatasetsError.file(path: path, reason: "TIME sample \(index) is not a number")
            }
            times.append(CatalogText.date(dayNumber: dayNumber, seconds: seconds))
            let longIndex = channelMajor ? index : 2 * index
            let shortIndex = channelMajor ? sampleCount + index : 2 * index + 1
            long[index] = fluxColumn.values[longIndex]
            short[index] = fluxColumn.values[shortIndex]
        }
        let satellite = try primary?.string("TELESCOP") ?? table.header.string("TELESCOP")
        try self.init(
            satellite: satellite?.trimmingCharacters(in: .whitespaces), times: times, longFlux: long, shortFlux: short)
    }

    /// The UTC day number (days since 1970-01-01) of the observation.
    static func observationDay(primary: FITSHeader?, table: FITSHeader, path: String) throws -> Int {
        for header in [primary, table].compactMap({ $0 }) {
            if let text = try header.string("DATE-OBS") {
                guard let day = observationDay(dateObs: text) else {
                    throw DatasetsError.file(
                        path: path, reason: "DATE-OBS '\(text)' is not DD/MM/YYYY, DD/MM/YY or YYYY-MM-DD")
                }
                return day
            }
        }
        if let mjd = try table.double("TIMEZERO"), mjd.isFinite, mjd == mjd.rounded(), abs(mjd) < 1e7 {
            return Int(mjd) - 40_587  // MJD 40587 is 1970-01-01
        }
        throw DatasetsError.file(path: path, reason: "no DATE-OBS (or TIMEZERO) gives the observation day")
    }

    /// The day number of a DATE-OBS value, or `nil` when it is not a date.
    static func observationDay(dateObs text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var year: Int, month: Int, day: Int
        if trimmed.contains("/") {
            let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, let d = CatalogText.digits(parts[0]), let m = CatalogText.digits(parts[1]),
                  let y = CatalogText.digits(parts[2]), parts[2].count == 4 || parts[2].count == 2
            else { return nil }
            (year, month, day) = (parts[2].count == 2 ? 1900 + y : y, m, d)
        } else {
            let datePart = trimmed.split(separator: "T", maxSplits: 1).first ?? ""
            let parts = datePart.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, let y = CatalogText.digits(parts[0]),
                  let m = CatalogText.digits(parts[1], width: 2), let d = CatalogText.digits(parts[2], width: 2)
            else { return nil }
            (year, month, day) = (y, m, d)
        }
        guard (1...12).contains(month), (1...CatalogText.daysInMonth(year: year, month: month)).contains(day) else {
            return nil
        }
        return CatalogText.days(year: year, month: month, day: day)
    }
}
