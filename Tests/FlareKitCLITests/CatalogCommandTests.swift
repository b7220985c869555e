import Foundation
import Testing

/// `flarekit catalog` end to end: the JSON of the committed SWPC excerpt (always), of the real
/// 2010-2014 list (when ../shared/data is beside the checkout), a plain CSV, strict mode, and errors.
@Suite("flarekit catalog (end to end)")
struct CatalogCommandTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let excerpt = root.appendingPathComponent("Tests/Fixtures/catalogs/swpc_excerpt.csv")
    static let sharedList = root.deletingLastPathComponent().appendingPathComponent("shared/data/catalogs/swpc_flarelist_2010-2014.csv")

    func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try runFlareKit(arguments)
        #expect(result.status == 0, "stderr: \(result.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    @Test func committedExcerptGivesItsCountsAndTheInvalidRow() throws {
        let object = try json(["catalog", Self.excerpt.path, "--json"])
        #expect(Set(object.keys) == ["rows", "invalid", "class_counts", "without_region", "largest"])
        #expect(object["rows"] as? Int == 6)
        let invalid = try #require(object["invalid"] as? [[String: Any]])
        #expect(invalid.count == 1)
        #expect(invalid.first?["line"] as? Int == 9)
        #expect((invalid.first?["reason"] as? String)?.contains("Q1.0") == true)
        #expect(object["class_counts"] as? [String: Int] == ["A": 0, "B": 0, "C": 5, "M": 0, "X": 1])
        #expect(object["without_region"] as? Int == 1)
        let largest = try #require(object["largest"] as? [String: Any])
        #expect(largest["class"] as? String == "X6.9")
        #expect(largest["peak"] as? String == "2011-08-09T08:05:00Z")
        #expect(largest["region"] as? Int == 11263)

        let strict = try runFlareKit(["catalog", Self.excerpt.path, "--strict"])
        #expect(strict.status == 65)
        #expect(strict.standardError.split(separator: "\n").count == 1)
        #expect(strict.standardError.contains("swpc_excerpt.csv") && strict.standardError.contains("line 9"))

        let text = try runFlareKit(["catalog", Self.excerpt.path])
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("6 flares") && text.standardOutput.contains("X6.9"))
    }

    @Test func plainCSVIsDetectedAndARegionlessLargestIsNull() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plain.csv")
        try """
            start,peak,end,class,noaa_ar
            2012-03-07T00:02:00Z,2012-03-07T00:24:00Z,2012-03-07T00:40:00Z,X5.4,
            2012-03-07T01:05:00Z,2012-03-07T01:14:00Z,2012-03-07T01:23:00Z,B1.3,11429
            """.write(to: file, atomically: true, encoding: .utf8)
        let object = try json(["catalog", file.path, "--json"])
        #expect(object["rows"] as? Int == 2)
        #expect((object["invalid"] as? [Any])?.isEmpty == true)
        #expect(object["class_counts"] as? [String: Int] == ["A": 0, "B": 1, "C": 0, "M": 0, "X": 1])
        let largest = try #require(object["largest"] as? [String: Any])
        #expect(largest["region"] is NSNull)
        #expect(largest["peak"] as? String == "2012-03-07T00:24:00Z")

        let neither = folder.appendingPathComponent("other.csv")
        try "a,b,c\n1,2,3\n".write(to: neither, atomically: true, encoding: .utf8)
        let result = try runFlareKit(["catalog", neither.path])
        #expect(result.status == 65)
        #expect(result.standardError.split(separator: "\n").count == 1 && result.standardError.contains("other.csv"))
        let missing = try runFlareKit(["catalog", folder.appendingPathComponent("none.csv").path])
        #expect(missing.status == 66 && missing.standardError.contains("none.csv: no such file"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedList.path), "../shared/data is absent: skipped"))
    func realListMatchesItsReference() throws {
        let referenceData = try Data(contentsOf: Self.root.deletingLastPathComponent()
            .appendingPathComponent("shared/data/reference/swpc_flarelist_2010-2014.csv.json"))
        let reference = try #require(try JSONSerialization.jsonObject(with: referenceData) as? [String: Any])
        let object = try json(["catalog", Self.sharedList.path, "--json", "--strict"])
        #expect(object["rows"] as? Int == reference["n_rows"] as? Int)
        #expect((object["invalid"] as? [Any])?.isEmpty == true)
        #expect(object["class_counts"] as? [String: Int] == reference["class_counts"] as? [String: Int])
        #expect(object["without_region"] as? Int == reference["n_rows_without_noaa_ar"] as? Int)
        let largest = try #require(object["largest"] as? [String: Any])
        let expected = try #require(reference["largest_flare"] as? [String: Any])
        #expect(largest["class"] as? String == expected["goes_class"] as? String)
        #expect(largest["peak"] as? String == "\(try #require(expected["peak"] as? String)):00Z")
        #expect(largest["region"] as? Int == expected["noaa_ar"] as? Int)
    }
}
