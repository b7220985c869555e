import Foundation
import Testing

@testable import Datasets

@Suite("Plain flare CSV")
struct PlainFlareCSVTests {
    static let hand = [
        "start,peak,end,class,noaa_ar",                                                     // 1
        "2011-08-09T07:48:00Z,2011-08-09T08:05:00Z,2011-08-09T08:08:00Z,X6.9,11263",        // 2 valid
        "",                                                                                 // 3 blank
        "2011-08-09T07:48:00Z,2011-08-09 08:05,2011-08-09T08:08:00.250+00:00,M1.0,",        // 4 valid, other ISO forms
        "2011-08-09T07:48:00Z,2011-08-09T25:05:00Z,2011-08-09T08:08:00Z,M1.0,11263",        // 5 bad instant
        "2011-08-09T07:48:00Z,2011-08-09T07:40:00Z,2011-08-09T08:08:00Z,M1.0,11263",        // 6 peak before start
        "2011-08-09T07:48:00Z,2011-08-09T08:05:00Z,2011-08-09T08:08:00Z,K1.0,11263",        // 7 bad class
        "2011-08-09T07:48:00Z,2011-08-09T08:05:00Z,2011-08-09T08:08:00Z,M1.0,11a63",        // 8 bad region
        "2011-08-09T07:48:00Z,2011-08-09T08:05:00Z,M1.0,11263",                             // 9 4 fields
        "2011-08-09T09:48:00+02:00,2011-08-09T08:05:00Z,2011-08-09T08:06:00Z,C2.0,1",       // 10 valid (offset)
    ].joined(separator: "\n")

    @Test func readsInstantsClassesAndRegions() throws {
        let catalog = try FlareCatalog(plainCSVText: Self.hand, path: "hand.csv")
        #expect(catalog.invalidRows.map(\.line) == [5, 6, 7, 8, 9])
        let reasons = catalog.invalidRows.map(\.reason)
        #expect(reasons[0].contains("peak") && reasons[0].contains("25:05"))
        #expect(reasons[1].contains("before start"))
        #expect(reasons[2].contains("K1.0"))
        #expect(reasons[3].contains("11a63"))
        #expect(reasons[4].contains("5") && reasons[4].contains("4"))
        #expect(catalog.events.count == 3)
        #expect(catalog.events[0].peak == (try CatalogTestData.instant("2011-08-09T08:05")))
        #expect(catalog.events[0].noaaRegion == 11263)
        #expect(catalog.events[1].peak == (try CatalogTestData.instant("2011-08-09T08:05")))
        #expect(catalog.events[1].end == (try CatalogTestData.instant("2011-08-09T08:08:00")).addingTimeInterval(0.25))
        #expect(catalog.events[1].noaaRegion == nil)
        #expect(catalog.events[2].start == (try CatalogTestData.instant("2011-08-09T07:48")))
        #expect(catalog.events[2].flareClass == (try FlareClass("C2")))
    }

    @Test func strictCRLFReorderedAndMissingColumns() throws {
        do {
            _ = try FlareCatalog(plainCSVText: Self.hand, path: "hand.csv", strict: true)
            Issue.record("expected an error")
        } catch let DatasetsError.malformedRow(path, line, _) {
            #expect(path == "hand.csv" && line == 5)
        }
        let crlf = try FlareCatalog(plainCSVText: Self.hand.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf == (try FlareCatalog(plainCSVText: Self.hand)))

        let reordered = "noaa_ar,class,end,peak,start\n11263,X6.9,2011-08-09T08:08:00Z,2011-08-09T08:05:00Z,2011-08-09T07:48:00Z\n"
        let one = try FlareCatalog(plainCSVText: reordered)
        #expect(one.events == Array((try FlareCatalog(plainCSVText: Self.hand)).events.prefix(1)))

        do {
            _ = try FlareCatalog(plainCSVText: "start,peak,class\n", path: "p.csv")
            Issue.record("expected an error")
        } catch let error as DatasetsError {
            #expect(error.description.contains("'end'") && error.description.contains("p.csv"))
        }
    }

    @Test func writerRoundTripsToTheMillisecond() throws {
        let start = try CatalogTestData.instant("2014-10-24T21:07")
        let events = [
            FlareEvent(start: start, peak: start.addingTimeInterval(24 * 60 + 0.125), end: start.addingTimeInterval(3600 * 3),
                       flareClass: try FlareClass("X3.1"), noaaRegion: 12192),
            FlareEvent(start: start, peak: start, end: start.addingTimeInterval(60), flareClass: try FlareClass("B7.5"), noaaRegion: nil),
        ]
        let catalog = FlareCatalog(events: events, invalidRows: [.init(line: 3, reason: "not written")])
        let text = catalog.plainCSVText()
        #expect(text == """
            start,peak,end,class,noaa_ar
            2014-10-24T21:07:00Z,2014-10-24T21:31:00.125Z,2014-10-25T00:07:00Z,X3.1,12192
            2014-10-24T21:07:00Z,2014-10-24T21:07:00Z,2014-10-24T21:08:00Z,B7.5,

            """)
        let folder = try CatalogTestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("flares.csv")
        try catalog.writePlainCSV(to: url)
        let again = try FlareCatalog(plainCSVAt: url, strict: true)
        #expect(again.events == events)
        #expect(again.invalidRows.isEmpty)
        #expect(FlareCatalogFormat.detect(in: text) == .plainCSV)
        #expect(try FlareCatalog(contentsOf: url) == again)
    }

    @Test func instantTextFormatsAndRejects() throws {
        let date = try CatalogTestData.instant("2011-06-07T06:41:24").addingTimeInterval(0.11899995804)
        #expect(UTCInstantText.format(date, milliseconds: true) == "2011-06-07T06:41:24.119Z")
        #expect(UTCInstantText.format(try CatalogTestData.instant("1969-12-31T23:59:59")) == "1969-12-31T23:59:59Z")
        #expect(try UTCInstantText.parse("2000-02-29T12:00Z") == (try CatalogTestData.instant("2000-02-29T12:00")))
        for bad in ["2001-02-29T00:00Z", "2011-06-07", "2011-06-07T06:41:24Q", "2011-6-07T06:41Z", "2011-06-07T06:41:24."] {
            #expect(throws: DatasetsError.self, "\(bad)") { try UTCInstantText.parse(bad) }
        }
    }

    @Test(.enabled(if: CatalogTestData.isAvailable, CatalogTestData.skipMessage))
    func realSWPCListRoundTripsThroughThePlainCSV() throws {
        let swpc = try FlareCatalog(swpcEventListAt: CatalogTestData.url("catalogs/swpc_flarelist_2010-2014.csv"))
        let plain = try FlareCatalog(plainCSVText: swpc.plainCSVText(), strict: true)
        #expect(plain.events == swpc.events)
        #expect(plain.events.count == 6466)
    }
}
