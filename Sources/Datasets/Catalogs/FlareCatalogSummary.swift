import Foundation

/// Counts that describe a flare catalogue: valid and rejected rows, flares per class letter,
/// flares without a NOAA region, and the largest flare.
///
/// ```swift
/// let summary = try FlareCatalog(swpcEventListAt: url).summary
/// summary.classCounts[.X]              // 43
/// summary.largest?.flareClass          // X6.9
/// ```
public struct FlareCatalogSummary: Sendable, Equatable {
    /// Valid rows (events).
    public var rowCount: Int
    /// Rejected rows.
    public var invalidRows: [FlareCatalog.InvalidRow]
    /// Events per class letter; every letter is present (0 where none).
    public var classCounts: [FlareClass.Letter: Int]
    /// Events with no NOAA region.
    public var withoutRegion: Int
    /// The event of the highest class (the first in file order on ties); `nil` when there is none.
    public var largest: FlareEvent?

    /// The summary of a catalogue.
    public init(_ catalog: FlareCatalog) {
        rowCount = catalog.events.count
        invalidRows = catalog.invalidRows
        var counts = Dictionary(uniqueKeysWithValues: FlareClass.Letter.allCases.map { ($0, 0) })
        var without = 0
        var largest: FlareEvent?
        for event in catalog.events {
            counts[event.flareClass.letter, default: 0] += 1
            if event.noaaRegion == nil { without += 1 }
            if largest.map({ event.flareClass > $0.flareClass }) ?? true { largest = event }
        }
        classCounts = counts
        withoutRegion = without
        self.largest = largest
    }
}

extension FlareCatalog {
    /// The catalogue's ``FlareCatalogSummary``.
    public var summary: FlareCatalogSummary { FlareCatalogSummary(self) }
}
