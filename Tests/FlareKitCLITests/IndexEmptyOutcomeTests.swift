import Foundation
import Testing

/// `flarekit index` never writes an empty manifest or ignores an empty HARP table silently:
/// warnings on standard error, errors with --strict.
@Suite("flarekit index: empty outcomes")
struct IndexEmptyOutcomeTests {
    /// A folder without magnetograms, a one-flare catalogue and the given HARP table text.
    private static func inputs(harpTable: String, in folder: URL) throws -> [String] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let catalog = folder.appendingPathComponent("flares.csv"), harps = folder.appendingPathComponent("harps.txt")
        try "start,peak,end,class,noaa_ar\n2011-02-15T01:44:00Z,2011-02-15T01:56:00Z,2011-02-15T02:06:00Z,X2.2,11158\n"
            .write(to: catalog, atomically: true, encoding: .utf8)
        try Data(harpTable.utf8).write(to: harps)
        return [
            "index", folder.path, "--catalog", catalog.path, "--harps", harps.path,
            "--output", folder.appendingPathComponent("m.json").path, "--no-cache",
        ]
    }

    @Test func noSampleKeptWarnsWithWhyAndFailsUnderStrict() throws {
        let folder = IndexCommandTests.temporaryFolder("no-sample")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = try Self.inputs(harpTable: "HARPNUM NOAA_ARS\n377 11158\n", in: folder)

        let lenient = try runFlareKit(arguments)
        #expect(lenient.status == 0, "stderr: \(lenient.standardError)")
        #expect(lenient.standardError.contains("flarekit: warning:"))
        #expect(lenient.standardError.contains("no sample kept") && lenient.standardError.contains("no SHARP CEA magnetogram"))

        try FileManager.default.removeItem(at: folder.appendingPathComponent("m.json"))
        let strict = try runFlareKit(arguments + ["--strict"])
        #expect(strict.status == 1)
        #expect(strict.standardError.contains("flarekit: error:") && strict.standardError.contains("no sample kept"), "\(strict.standardError)")
        #expect(strict.standardError.contains(folder.path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("m.json").path))
    }

    @Test(arguments: ["HARPNUM NOAA_ARS\n", ""])
    func emptyHARPTableWarnsAndFailsUnderStrict(table: String) throws {
        let folder = IndexCommandTests.temporaryFolder("empty-harps")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = try Self.inputs(harpTable: table, in: folder)

        let strict = try runFlareKit(arguments + ["--strict"])
        #expect(strict.status == 65)   // an input that is not what the command reads
        #expect(strict.standardError.hasPrefix("flarekit: error:"))
        #expect(strict.standardError.contains("harps.txt") && strict.standardError.contains("no HARP line"), "\(strict.standardError)")

        let lenient = try runFlareKit(arguments)
        #expect(lenient.status == 0, "stderr: \(lenient.standardError)")
        #expect(lenient.standardError.contains("flarekit: warning:") && lenient.standardError.contains("no HARP line"))
    }
}
