import Foundation
import Testing

@testable import Datasets

@Suite("HARP to NOAA table")
struct HARPNOAATableTests {
    static let hand = [
        "HARPNUM NOAA_ARS",        // 1
        "1 11067",                 // 2
        "45\t11073,11077",         // 3
        "",                        // 4
        "x7 11070",                // 5 bad HARP
        "50 11080,,11081",         // 6 bad list
        "51",                      // 7 one field
        "45 11090",                // 8 HARP again
        "52 11082 11083",          // 9 three fields
        "53 11084,11084",          // 10 region twice
        "377 11158",               // 11
    ].joined(separator: "\n")

    @Test func readsValidLinesAndReportsTheOthers() throws {
        let table = try HARPNOAATable(text: Self.hand, path: "h.txt")
        #expect(table.invalidRows.map(\.line) == [5, 6, 7, 8, 9, 10])
        #expect(table.invalidRows[3].reason.contains("line 3"))
        #expect(table.map.regionsByHARP == [1: [11067], 45: [11073, 11077], 377: [11158]])
        #expect(table.map.harps(holdingRegion: 11077) == [45])
        let crlf = try HARPNOAATable(text: Self.hand.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf.map == table.map && crlf.invalidRows == table.invalidRows)
        // No header is fine too.
        #expect(try HARPNOAATable(text: "7 12000\n").map.regions(ofHARP: 7) == [12000])
    }

    @Test func strictModeThrowsWithTheLine() throws {
        do {
            _ = try HARPNOAATable(text: Self.hand, path: "h.txt", strict: true)
            Issue.record("expected an error")
        } catch let DatasetsError.malformedRow(path, line, reason) {
            #expect(path == "h.txt" && line == 5 && reason.contains("x7"))
        }
    }

    @Test func writerRoundTrips() throws {
        let map = HARPNOAAMap(regionsByHARP: [1449: [11430, 11429], 377: [11158], 9: []])
        #expect(map.tableText() == "HARPNUM NOAA_ARS\n377 11158\n1449 11430,11429\n")
        let folder = try CatalogTestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("harps.txt")
        try map.writeTable(to: url)
        let again = try HARPNOAAMap(contentsOf: url, strict: true)
        #expect(again.regionsByHARP == [1449: [11430, 11429], 377: [11158]])
        for harp in [9, 377, 1449, 5] { #expect(again.regions(ofHARP: harp) == map.regions(ofHARP: harp)) }
    }

    @Test(.enabled(if: CatalogTestData.isAvailable, CatalogTestData.skipMessage))
    func realTableMatchesItsReference() throws {
        let reference = try CatalogTestData.reference("all_harps_with_noaa_ars.txt")
        let url = CatalogTestData.url("catalogs/all_harps_with_noaa_ars.txt")
        let table = try HARPNOAATable(contentsOf: url, strict: true)
        #expect(table.invalidRows.isEmpty)
        let map = table.map
        #expect(map.regionsByHARP.count == reference["n_rows"] as? Int)
        #expect(map.regionsByHARP.keys.min() == reference["min_HARPNUM"] as? Int)
        #expect(map.regionsByHARP.keys.max() == reference["max_HARPNUM"] as? Int)
        #expect(map.regionsByHARP.values.filter { $0.count > 1 }.count == reference["n_harps_with_multiple_noaa"] as? Int)
        #expect(map.regionsByHARP.values.map(\.count).max() == reference["max_noaa_per_harp"] as? Int)
        #expect(map.harpsByRegion.count == reference["n_distinct_noaa"] as? Int)
        let lookups = try #require(reference["lookups"] as? [String: [Int]])
        #expect(lookups.count == 7)
        for (harp, regions) in lookups {
            #expect(map.regions(ofHARP: try #require(Int(harp))) == regions, "HARP \(harp)")
            for region in regions { #expect(map.harps(holdingRegion: region).contains(try #require(Int(harp)))) }
        }
        // The writer reproduces JSOC's file byte for byte (it is sorted by HARP, lists in file order).
        let original = try String(contentsOf: url, encoding: .utf8)
        #expect(map.tableText() == original)
        #expect(try HARPNOAATable(text: map.tableText(), strict: true).map == map)
    }
}
