import Foundation
import Testing

@testable import Datasets

/// `../shared/data` next to the package (the real GOES flare list and JSOC HARP table).
enum LabelsSharedData {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    static let isAvailable = FileManager.default.fileExists(atPath: folder.appendingPathComponent("reference").path)

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
    }

    static func reference(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("reference/\(name).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// JSOC's HARPNUM -> NOAA_ARS table, read here independently of the catalogue readers.
    static func harpMap() throws -> HARPNOAAMap {
        var regions: [Int: [Int]] = [:]
        for line in try text("catalogs/all_harps_with_noaa_ars.txt").split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let harp = Int(fields[0]) else { continue }
            regions[harp] = fields[1].split(separator: ",").compactMap { Int($0) }
        }
        return HARPNOAAMap(regionsByHARP: regions)
    }

    /// The SWPC flare list (13 fields a row: index, date, event, start, max, end, satellite,
    /// channel, letter, class, flux, region, ts). The peak is the date plus the max HHMM, a day
    /// later when it is earlier than the start; a missing max (`////`) falls back to the start.
    static func flares() throws -> [FlareEvent] {
        try parsedFlares.get()
    }

    private static let parsedFlares = Result { try parseFlares() }

    private static func parseFlares() throws -> [FlareEvent] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var events: [FlareEvent] = []
        for line in try text("catalogs/swpc_flarelist_2010-2014.csv").split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 13 else { continue }
            let date = fields[1]
            guard let year = Int(date.prefix(4)), let month = Int(date.dropFirst(4).prefix(2)),
                let day = Int(date.suffix(2)), let start = Int(fields[3]),
                let midnight = calendar.date(from: DateComponents(year: year, month: month, day: day))
            else { continue }
            func instant(_ hhmm: Int) -> Date {
                midnight.addingTimeInterval(Double(hhmm / 100 * 3600 + hhmm % 100 * 60) + (hhmm < start ? 86400 : 0))
            }
            let startInstant = instant(start)
            let peak = Int(fields[4]).map(instant) ?? startInstant
            let end = Int(fields[5]).map(instant) ?? peak
            let region = Int(fields[11].trimmingCharacters(in: .whitespaces))
            events.append(FlareEvent(
                start: startInstant, peak: peak, end: end, flareClass: try FlareClass(fields[9]), noaaRegion: region))
        }
        return events
    }
}

@Suite("Labels on the real GOES list and HARP table", .enabled(if: LabelsSharedData.isAvailable, "../shared/data is absent: skipped"))
struct LabelsRealDataTests {
    @Test func attributionCountsMatchTheReference() throws {
        let reference = try LabelsSharedData.reference("swpc_flarelist_2010-2014.csv")
        let rows = try #require(reference["n_rows"] as? Int)
        let withoutRegion = try #require(reference["n_rows_without_noaa_ar"] as? Int)
        let majorWithoutRegion = try #require(reference["n_M_or_X_without_noaa_ar"] as? Int)
        let events = try LabelsSharedData.flares()
        #expect(events.count == rows)
        let map = try LabelsSharedData.harpMap()

        let report = FlareAttribution(events: events, map: map).report
        #expect(report.flareCount == rows)
        #expect(report.flaresWithoutRegion == withoutRegion)
        #expect(report.attributedFlareCount + report.flaresWithoutRegion + report.flaresWithUnmappedRegion == rows)
        #expect(report.attributedFlareCount > 0)
        let major = FlareAttribution(events: events.filter { $0.flareClass >= .m1 }, map: map).report
        #expect(major.flaresWithoutRegion == majorWithoutRegion)
    }

    @Test func theLargestFlareLabelsEveryHARPOfItsRegion() throws {
        let reference = try LabelsSharedData.reference("swpc_flarelist_2010-2014.csv")
        let largest = try #require(reference["largest_flare"] as? [String: Any])
        let region = try #require(largest["noaa_ar"] as? Int)
        let flareClass = try FlareClass(try #require(largest["goes_class"] as? String))
        let map = try LabelsSharedData.harpMap()
        let harps = map.harps(holdingRegion: region)
        #expect(!harps.isEmpty)
        let attribution = FlareAttribution(events: try LabelsSharedData.flares(), map: map)
        for harp in harps {
            #expect(attribution.flares(ofHARP: harp).contains { $0.flareClass == flareClass && $0.noaaRegion == region })
        }
    }

    /// HARP 377 = NOAA 11158 produced the X2.2 flare peaking 2011-02-15 01:56 UT.
    @Test func harp377SeesItsX22Flare() throws {
        let map = try LabelsSharedData.harpMap()
        #expect(map.regions(ofHARP: 377) == [11158])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let peak = try #require(calendar.date(from: DateComponents(year: 2011, month: 2, day: 15, hour: 1, minute: 56)))
        let observations = (0...4).map {
            SHARPObservation(
                harpNumber: 377, time: peak.addingTimeInterval(Double($0 - 2) * 3600 + 4 * 60), path: "377-\($0).fits",
                noaaRegions: [11158])
        }
        let manifest = try SampleLabeler().label(
            observations: observations, events: try LabelsSharedData.flares(), map: map)
        let x22 = try FlareClass("X2.2")
        // 00:00 and 01:00 precede the peak by less than 24 h.
        #expect(manifest.samples[0].sampleClass == .X)
        #expect(manifest.samples[1].largestForwardFlare == x22)
        #expect(manifest.samples.allSatisfy { $0.isFlaringRegion })
        let atTwo = try #require(manifest.samples[2].timeToFlare)
        #expect(atTwo.flarePeak == peak)
        #expect(atTwo.flareClass == x22)
        #expect(abs(atTwo.hours - 4.0 / 60) < 1e-9)
    }
}
