import Foundation

extension FlareCatalog {
    /// The header NOAA SWPC event lists (as saved by pandas) carry: 12 names, while every row
    /// has 13 fields because of a leading unnamed row index.
    static let swpcHeaderNames = [
        "date", "event_no", "start_time", "max_time", "end_time", "goes_sat", "goes_channel",
        "goes_class_ind", "goes_class", "integrated_flux", "noaa_ar", "ts",
    ]

    /// The catalogue's events written as a NOAA SWPC event-list CSV, in exactly the layout of
    /// `swpc_flarelist_2010-2014.csv`: a 12-name header, then one 13-field row per event
    /// (`index,date,event_no,start_time,max_time,end_time,goes_sat,goes_channel,goes_class_ind,
    /// goes_class,integrated_flux,noaa_ar,ts`), LF line endings.
    ///
    /// - `date` (YYYYMMDD) is the UTC day of the start; `start_time`, `max_time` and `end_time`
    ///   are HHMM on that day, seconds dropped. A peak or end on the next day is written with its
    ///   HHMM, which is then smaller than the start's: the reader (``init(swpcEventListText:path:strict:)``)
    ///   moves such times to the next day, so flares crossing midnight round-trip. Events whose
    ///   peak or end is 24 hours or more after the start cannot be written in this format.
    /// - `goes_class` is the class with one decimal (``FlareClass/description``), `goes_class_ind`
    ///   its letter, `goes_channel` is `1-8A`.
    /// - `noaa_ar` is the five-digit region, or five spaces when the event has none.
    /// - `ts` is YYYYMMDDHHMM of the start.
    /// - Fields the catalogue does not hold are written as SWPC writes missing values, blank:
    ///   `goes_sat` (three spaces) and `integrated_flux` (seven spaces). `event_no` is a
    ///   sequential number within each start day (right-aligned, width 4), not SWPC's own.
    /// - ``invalidRows`` are not written.
    ///
    /// ```swift
    /// let catalog = FlareCatalog(events: [event])
    /// let text = catalog.swpcEventListText()
    /// let again = try FlareCatalog(swpcEventListText: text)   // same events, to the minute
    /// ```
    public func swpcEventListText() -> String {
        var text = Self.swpcHeaderNames.joined(separator: ",") + "\n"
        var sequenceDay = Int.min
        var sequence = 0
        for (index, event) in events.enumerated() {
            let start = CatalogText.fields(of: event.start)
            let peak = CatalogText.fields(of: event.peak)
            let end = CatalogText.fields(of: event.end)
            if start.dayNumber != sequenceDay {
                sequenceDay = start.dayNumber
                sequence = 0
            }
            sequence += 1
            let date = CatalogText.pad(start.year, 4) + CatalogText.pad(start.month, 2) + CatalogText.pad(start.day, 2)
            let eventNumber = String(repeating: " ", count: max(0, 4 - String(sequence).count)) + String(sequence)
            let region = event.noaaRegion.map { CatalogText.pad($0, 5) } ?? "     "
            let fields = [
                String(index), date, eventNumber, Self.hhmm(start), Self.hhmm(peak), Self.hhmm(end), "   ", "1-8A",
                event.flareClass.letter.rawValue, event.flareClass.description, "       ", region,
                date + Self.hhmm(start),
            ]
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// Writes ``swpcEventListText()`` to `url` atomically (readers see the old file or the
    /// complete new one).
    /// - Throws: ``DatasetsError/file(path:reason:)`` naming `url` when it cannot be written.
    public func writeSWPCEventList(to url: URL) throws {
        try CatalogText.writeAtomically(swpcEventListText(), to: url)
    }

    private static func hhmm(_ fields: CatalogText.Fields) -> String {
        CatalogText.pad(fields.hour, 2) + CatalogText.pad(fields.minute, 2)
    }
}
