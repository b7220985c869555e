import Foundation
import Testing

@testable import Datasets

/// The shared development data set (`../shared/data` beside the package) and the committed
/// catalogue fixtures, for the catalogue and XRS tests.
enum CatalogTestData {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    static let isAvailable = FileManager.default.fileExists(atPath: folder.appendingPathComponent("reference").path)
    static let skipMessage: Comment = "../shared/data (the real catalogues and their references) is absent: skipped"

    static func url(_ relative: String) -> URL { folder.appendingPathComponent(relative) }
    static func fixture(_ name: String) -> URL {
        packageRoot.appendingPathComponent("Tests/Fixtures/catalogs").appendingPathComponent(name)
    }

    static func reference(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("reference/\(name).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// An instant written `YYYY-MM-DDTHH:MM[:SS]` (UTC), parsed with Foundation's formatter
    /// (independent of the readers under test).
    static func instant(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let full = text.count == 16 ? text + ":00Z" : text + "Z"
        return try #require(formatter.date(from: full), "bad test instant \(text)")
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-catalogs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

@Suite("NOAA SWPC event lists")
struct SWPCEventListTests {
    static let header = "date,event_no,start_time,max_time,end_time,goes_sat,goes_channel,goes_class_ind,goes_class,integrated_flux,noaa_ar,ts"

    /// Hand-built rows: valid, bad class, blank, bad time, 12 fields, bad region, valid without region, bad date.
    static let malformedText = [
        header,                                                                                // 1
        "0,20110809,4220,0748,0805,0808,G15,1-8A,X,X6.9,1.9E-01,11263,201108090748",           // 2 valid
        "1,20110809,4230,0900,0910,0920,G15,1-8A,C,Z9.1,1.0E-03,11263,201108090900",           // 3 bad class
        "",                                                                                    // 4 blank
        "2,20110810,4240,2561,0910,0920,G15,1-8A,C,C1.0,1.0E-03,11263,201108102561",           // 5 bad time
        "3,20110810,4250,1000,1010,1020,G15,1-8A,C,C1.0,1.0E-03,11263",                        // 6 12 fields
        "4,20110810,4260,1100,1110,1120,G15,1-8A,M,M1.2,1.0E-03,AB123,201108101100",           // 7 bad region
        "5,20110810,4270,2350,0005,0020,G15,1-8A,M,M3.4,1.0E-03,     ,201108102350",           // 8 valid, no region
        "6,20110231,4280,1200,1210,1220,G15,1-8A,C,C1.0,1.0E-03,11264,201102311200",           // 9 bad date
    ].joined(separator: "\n") + "\n"

    @Test func malformedRowsAreReportedWithTheirPhysicalLines() throws {
        let catalog = try FlareCatalog(swpcEventListText: Self.malformedText, path: "hand.csv")
        #expect(catalog.invalidRows.map(\.line) == [3, 5, 6, 7, 9])
        let reasons = catalog.invalidRows.map(\.reason)
        #expect(reasons[0].contains("goes_class") && reasons[0].contains("Z9.1"))
        #expect(reasons[1].contains("start_time") && reasons[1].contains("2561"))
        #expect(reasons[2].contains("13") && reasons[2].contains("12"))
        #expect(reasons[3].contains("noaa_ar") && reasons[3].contains("AB123"))
        #expect(reasons[4].contains("date") && reasons[4].contains("20110231"))

        #expect(catalog.events.count == 2)
        let x69 = catalog.events[0]
        #expect(x69.start == (try CatalogTestData.instant("2011-08-09T07:48")))
        #expect(x69.peak == (try CatalogTestData.instant("2011-08-09T08:05")))
        #expect(x69.end == (try CatalogTestData.instant("2011-08-09T08:08")))
        #expect(x69.flareClass == (try FlareClass("X6.9")))
        #expect(x69.noaaRegion == 11263)
        let overnight = catalog.events[1]
        #expect(overnight.start == (try CatalogTestData.instant("2011-08-10T23:50")))
        #expect(overnight.peak == (try CatalogTestData.instant("2011-08-11T00:05")))
        #expect(overnight.end == (try CatalogTestData.instant("2011-08-11T00:20")))
        #expect(overnight.noaaRegion == nil)
    }

    @Test func crlfLinesReadTheSame() throws {
        let lf = try FlareCatalog(swpcEventListText: Self.malformedText)
        let crlf = try FlareCatalog(swpcEventListText: Self.malformedText.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf == lf)
    }

    @Test func strictModeThrowsOnTheFirstMalformedRow() throws {
        #expect(throws: DatasetsError.self) { try FlareCatalog(swpcEventListText: Self.malformedText, path: "hand.csv", strict: true) }
        do {
            _ = try FlareCatalog(swpcEventListText: Self.malformedText, path: "hand.csv", strict: true)
        } catch let DatasetsError.malformedRow(path, line, reason) {
            #expect(path == "hand.csv")
            #expect(line == 3)
            #expect(reason.contains("Z9.1"))
        }
        // Without malformed rows strict mode reads everything.
        let clean = [Self.header, "0,20110809,4220,0748,0805,0808,G15,1-8A,X,X6.9,1.9E-01,11263,201108090748"].joined(separator: "\n")
        #expect(try FlareCatalog(swpcEventListText: clean, strict: true).events.count == 1)
    }

    @Test func headerWithEmptyIndexNameOrWithoutIndexColumnReadsTheSame() throws {
        let reference = try FlareCatalog(swpcEventListText: Self.malformedText)
        let emptyName = try FlareCatalog(swpcEventListText: "," + Self.malformedText)
        #expect(emptyName.events == reference.events)
        #expect(emptyName.invalidRows.map(\.line) == reference.invalidRows.map(\.line))

        // No index column at all: drop the first field of every row.
        let rows = Self.malformedText.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            index == 0 || line.isEmpty ? String(line) : line.split(separator: ",", omittingEmptySubsequences: false).dropFirst().joined(separator: ",")
        }
        let withoutIndex = try FlareCatalog(swpcEventListText: rows.joined(separator: "\n"))
        #expect(withoutIndex.events == reference.events)
        #expect(withoutIndex.invalidRows.map(\.line) == [3, 5, 6, 7, 9])
    }

    @Test func aMissingColumnIsNamed() throws {
        let text = Self.malformedText.replacingOccurrences(of: "goes_class,", with: "class,")
        do {
            _ = try FlareCatalog(swpcEventListText: text, path: "x.csv")
            Issue.record("expected an error")
        } catch let error as DatasetsError {
            #expect(error.description.contains("goes_class") && error.description.contains("x.csv"))
        }
        #expect(throws: DatasetsError.self) { try FlareCatalog(swpcEventListText: "\n  \n") }
    }

    @Test func committedExcerptReadsItsRowsAndTheMissingPeak() throws {
        let catalog = try FlareCatalog(swpcEventListAt: CatalogTestData.fixture("swpc_excerpt.csv"))
        #expect(catalog.events.count == 6)
        #expect(catalog.invalidRows.map(\.line) == [9])
        // Row 134: 2305 start, peak 0001 and end 0022 on the next day.
        #expect(catalog.events[3].peak == (try CatalogTestData.instant("2010-08-18T00:01")))
        #expect(catalog.events[3].end == (try CatalogTestData.instant("2010-08-18T00:22")))
        // Row 516: peak '////' is taken as the start; end 0003 next day.
        #expect(catalog.events[4].peak == (try CatalogTestData.instant("2011-04-11T23:40")))
        #expect(catalog.events[4].end == (try CatalogTestData.instant("2011-04-12T00:03")))
        #expect(catalog.events[1].noaaRegion == nil)
    }

    @Test func writerRoundTripsFlaresCrossingMidnight() throws {
        let events = [
            FlareEvent(
                start: try CatalogTestData.instant("2012-03-06T23:50"), peak: try CatalogTestData.instant("2012-03-07T00:05"),
                end: try CatalogTestData.instant("2012-03-07T00:20"), flareClass: try FlareClass("X5.4"), noaaRegion: 11429),
            FlareEvent(
                start: try CatalogTestData.instant("2012-03-07T01:05"), peak: try CatalogTestData.instant("2012-03-07T01:14"),
                end: try CatalogTestData.instant("2012-03-07T01:23"), flareClass: try FlareClass("C1.3"), noaaRegion: nil),
            FlareEvent(
                start: try CatalogTestData.instant("2012-12-31T23:58"), peak: try CatalogTestData.instant("2012-12-31T23:59"),
                end: try CatalogTestData.instant("2013-01-01T00:10"), flareClass: try FlareClass("M1.0"), noaaRegion: 11640),
        ]
        let catalog = FlareCatalog(events: events)
        let text = catalog.swpcEventListText()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == Substring(Self.header))
        #expect(lines[1] == "0,20120306,   1,2350,0005,0020,   ,1-8A,X,X5.4,       ,11429,201203062350")
        #expect(lines[2] == "1,20120307,   1,0105,0114,0123,   ,1-8A,C,C1.3,       ,     ,201203070105")
        #expect(lines.last == "")
        let again = try FlareCatalog(swpcEventListText: text, strict: true)
        #expect(again.events == events)

        let folder = try CatalogTestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("list.csv")
        try catalog.writeSWPCEventList(to: url)
        try catalog.writeSWPCEventList(to: url)  // replaces the file
        #expect(try FlareCatalog(swpcEventListAt: url).events == events)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["list.csv"])
        #expect(throws: DatasetsError.self) {
            try catalog.writeSWPCEventList(to: folder.appendingPathComponent("missing/list.csv"))
        }
    }

    @Test(.enabled(if: CatalogTestData.isAvailable, CatalogTestData.skipMessage))
    func realListMatchesItsReference() throws {
        let reference = try CatalogTestData.reference("swpc_flarelist_2010-2014.csv")
        let url = CatalogTestData.url("catalogs/swpc_flarelist_2010-2014.csv")
        let catalog = try FlareCatalog(swpcEventListAt: url, strict: true)
        #expect(catalog.invalidRows.isEmpty)
        #expect(catalog.events.count == reference["n_rows"] as? Int)
        let summary = catalog.summary
        let counts = try #require(reference["class_counts"] as? [String: Int])
        for letter in FlareClass.Letter.allCases {
            #expect(summary.classCounts[letter] == counts[letter.rawValue], "class \(letter)")
        }
        #expect(summary.withoutRegion == reference["n_rows_without_noaa_ar"] as? Int)
        #expect(catalog.events.filter { $0.noaaRegion == nil && $0.flareClass >= .m1 }.count
                == reference["n_M_or_X_without_noaa_ar"] as? Int)

        // Ends on the next day: exactly the rows whose end HHMM is below the start HHMM.
        let nextDayEnds = catalog.events.filter {
            Int($0.end.timeIntervalSince1970 / 86_400) == Int($0.start.timeIntervalSince1970 / 86_400) + 1
        }
        #expect(nextDayEnds.count == reference["n_rows_end_before_start_hhmm"] as? Int)
        #expect(catalog.events.allSatisfy { $0.start <= $0.peak && $0.peak <= $0.end && $0.end.timeIntervalSince($0.start) < 86_400 })

        let largest = try #require(reference["largest_flare"] as? [String: Any])
        let biggest = try #require(summary.largest)
        #expect(biggest.flareClass.description == largest["goes_class"] as? String)
        #expect(biggest.peak == (try CatalogTestData.instant(try #require(largest["peak"] as? String))))
        #expect(biggest.noaaRegion == largest["noaa_ar"] as? Int)

        let samples = (reference["sample_rows_first5"] as? [[String: Any]] ?? [])
            + (reference["sample_rows_first5_M_or_X"] as? [[String: Any]] ?? [])
        #expect(samples.count == 10)
        for sample in samples {
            let index = try #require(sample["row_index_col"] as? Int)
            let event = catalog.events[index]
            #expect(event.start == (try CatalogTestData.instant(try #require(sample["start"] as? String))), "row \(index)")
            #expect(event.peak == (try CatalogTestData.instant(try #require(sample["peak"] as? String))), "row \(index)")
            #expect(event.end == (try CatalogTestData.instant(try #require(sample["end"] as? String))), "row \(index)")
            #expect(event.flareClass.description == sample["goes_class"] as? String, "row \(index)")
            #expect(event.noaaRegion == sample["noaa_ar"] as? Int, "row \(index)")
        }
    }

    @Test(.enabled(if: CatalogTestData.isAvailable, CatalogTestData.skipMessage))
    func realListRoundTripsThroughTheWriter() throws {
        let url = CatalogTestData.url("catalogs/swpc_flarelist_2010-2014.csv")
        let catalog = try FlareCatalog(swpcEventListAt: url)
        let again = try FlareCatalog(swpcEventListText: catalog.swpcEventListText(), strict: true)
        #expect(again.events == catalog.events)
        // The writer's columns line up with the original's (index, date, times, class, region, ts).
        let original = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let written = catalog.swpcEventListText().split(separator: "\n")
        #expect(original[0] == written[0])
        let keep = [0, 1, 3, 4, 5, 7, 8, 9, 11, 12]
        var differing = 0
        for (a, b) in zip(original.dropFirst(), written.dropFirst()) {
            let fa = a.split(separator: ",", omittingEmptySubsequences: false)
            let fb = b.split(separator: ",", omittingEmptySubsequences: false)
            if keep.map({ fa[$0] }) != keep.map({ fb[$0] }) { differing += 1 }
        }
        // Only the six rows whose peak was '////' differ (the peak is written as the start).
        #expect(differing == 6)
    }
}
