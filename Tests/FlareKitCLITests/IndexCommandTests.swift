import Datasets
import Foundation
import Testing

/// `flarekit index` end to end on a generated archive, against the same steps run in process.
@Suite("flarekit index (end to end)")
struct IndexCommandTests {
    /// 16 regions of 2.5-day passages at a 3-hour cadence, tiny images: flaring and
    /// nonflaring regions (as in SyntheticPipelineTests).
    static var configuration: SyntheticArchive.Configuration {
        var configuration = SyntheticArchive.Configuration.small
        configuration.regionCount = 16
        configuration.passageDuration = 2.5 * 86_400
        configuration.cadence = 3 * 3600
        configuration.span = 20 * 86_400
        configuration.flares = SyntheticFlareModel()
        configuration.seed = 77
        return configuration
    }

    static func temporaryFolder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("index-cli-\(name)-\(UUID().uuidString)")
    }

    /// A generated archive of `regions` regions in `folder/archive`, indexed by `flarekit index`
    /// into `folder/manifest.json` (the caller removes `folder`).
    static func indexedArchive(regions: Int, in folder: URL) throws -> (archive: SyntheticArchive.Summary, manifest: URL) {
        var configuration = Self.configuration
        configuration.regionCount = regions
        let archive = try SyntheticArchive(configuration: configuration).generate(into: folder.appendingPathComponent("archive"))
        let manifest = folder.appendingPathComponent("manifest.json")
        let indexing = try runFlareKit([
            "index", archive.magnetogramFolder, "--catalog", archive.flareCatalogPath, "--harps", archive.harpTablePath,
            "--output", manifest.path, "--no-cache",
        ])
        #expect(indexing.status == 0, "stderr: \(indexing.standardError)")
        return (archive, manifest)
    }

    @Test func manifestAndSummaryMatchTheLibrarySteps() throws {
        let folder = Self.temporaryFolder("archive")
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try SyntheticArchive(configuration: Self.configuration).generate(into: folder)
        let manifestURL = folder.appendingPathComponent("manifest.json"), csvURL = folder.appendingPathComponent("manifest.csv")
        let result = try runFlareKit([
            "index", summary.magnetogramFolder, "--catalog", summary.flareCatalogPath, "--harps", summary.harpTablePath,
            "--output", manifestURL.path, "--csv", csvURL.path, "--json", "--no-cache",
        ])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(result.standardError.contains("headers"))

        // The same steps in process.
        let index = try ArchiveIndex(scanning: URL(fileURLWithPath: summary.magnetogramFolder), options: .init(cache: .disabled))
        let catalog = try FlareCatalog(swpcEventListAt: URL(fileURLWithPath: summary.flareCatalogPath), strict: true)
        let table = try HARPNOAATable(contentsOf: URL(fileURLWithPath: summary.harpTablePath), strict: true)
        let selection = try SelectionCuts().apply(to: index)
        let expected = try SampleLabeler().label(observations: selection.observations, events: catalog.events, map: table.map)
        #expect(!expected.samples.isEmpty)

        let manifest = try SampleManifest(contentsOf: manifestURL)
        #expect(manifest.samples.count == expected.samples.count)
        #expect(manifest.samples.map(\.observation.path) == expected.samples.map(\.observation.path))
        #expect(manifest.samples.map(\.isFlaringRegion) == expected.samples.map(\.isFlaringRegion))
        #expect(manifest.samples.map(\.sampleClass) == expected.samples.map(\.sampleClass))
        let csvLines = try String(contentsOf: csvURL, encoding: .utf8).split(separator: "\n")
        #expect(csvLines.count == expected.samples.count + 1)

        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["files_indexed"] as? Int == index.observations.count)
        #expect(object["failures"] as? Int == index.report.failures.count)
        #expect(object["samples"] as? Int == expected.samples.count)
        let harps = Set(expected.samples.map(\.harpNumber))
        let flaring = Set(expected.samples.filter(\.isFlaringRegion).map(\.harpNumber))
        #expect(object["regions"] as? Int == harps.count)
        #expect(object["flaring_regions"] as? Int == flaring.count)
        #expect(!flaring.isEmpty && flaring.count < harps.count)
        #expect(object["flares_without_region"] as? Int == catalog.events.filter { $0.noaaRegion == nil }.count)
        let classes = try #require(object["sample_classes"] as? [String: Int])
        for sampleClass in SampleClass.allCases {
            #expect(classes[sampleClass.rawValue] == expected.samples.filter { $0.sampleClass == sampleClass }.count)
        }
        let removals = try #require(object["cut_removals"] as? [[String: Any]])
        #expect(removals.compactMap { $0["cut"] as? String } == selection.report.cuts.map(\.cut.rawValue))
        #expect(removals.compactMap { $0["removed"] as? Int } == selection.report.cuts.map(\.removed))
        #expect(index.observations.count - removals.compactMap { $0["removed"] as? Int }.reduce(0, +) == expected.samples.count)

        // Without cuts every observation is a sample; a higher threshold flags fewer regions.
        let loose = try runFlareKit([
            "index", summary.magnetogramFolder, "--catalog", summary.flareCatalogPath, "--harps", summary.harpTablePath,
            "--output", manifestURL.path, "--no-cuts", "--threshold", "X1.0", "--json", "--no-cache",
        ])
        #expect(loose.status == 0, "stderr: \(loose.standardError)")
        var xConfiguration = SampleLabelingConfiguration()
        xConfiguration.flaringRegion.threshold = try FlareClass("X1.0")
        let all = try SampleLabeler(configuration: xConfiguration).label(
            observations: index.observations, events: catalog.events, map: table.map)
        let looseManifest = try SampleManifest(contentsOf: manifestURL)
        #expect(looseManifest.samples.count == index.observations.count)
        #expect(looseManifest.report.flaringRegionCount == all.report.flaringRegionCount)
        #expect(looseManifest.configuration.flaringRegion.threshold == xConfiguration.flaringRegion.threshold)

        // The text summary names every count.
        let text = try runFlareKit([
            "index", summary.magnetogramFolder, "--catalog", summary.flareCatalogPath, "--harps", summary.harpTablePath,
            "--output", manifestURL.path, "--no-cache",
        ])
        #expect(text.status == 0, "stderr: \(text.standardError)")
        for word in ["files indexed: \(index.observations.count)", "samples: \(expected.samples.count)", "flaring regions: \(flaring.count)", "hourly sampling", "without a region"] {
            #expect(text.standardOutput.contains(word), "missing \(word)")
        }
    }

    @Test func missingFolderIsAOneLineError() throws {
        let folder = Self.temporaryFolder("missing")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let catalog = folder.appendingPathComponent("flares.csv"), harps = folder.appendingPathComponent("harps.txt")
        try "start,peak,end,class,noaa_ar\n".write(to: catalog, atomically: true, encoding: .utf8)
        try "HARPNUM NOAA_ARS\n377 11158\n".write(to: harps, atomically: true, encoding: .utf8)
        let missing = folder.appendingPathComponent("no-such-sharp-folder")
        let result = try runFlareKit([
            "index", missing.path, "--catalog", catalog.path, "--harps", harps.path,
            "--output", folder.appendingPathComponent("m.json").path,
        ])
        #expect(result.status == 66)
        #expect(result.standardError.hasPrefix("flarekit: error:") && result.standardError.contains("no-such-sharp-folder"))
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("m.json").path))
    }

    @Test func malformedCatalogueInStrictModeIsAOneLineError() throws {
        let folder = Self.temporaryFolder("strict")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let catalog = folder.appendingPathComponent("flares.csv"), harps = folder.appendingPathComponent("harps.txt")
        try "start,peak,end,class,noaa_ar\n2011-02-15T01:44:00Z,2011-02-15T01:56:00Z,2011-02-15T02:06:00Z,X2.2,11158\nnot,a,valid,row,here\n"
            .write(to: catalog, atomically: true, encoding: .utf8)
        try "HARPNUM NOAA_ARS\n377 11158\n".write(to: harps, atomically: true, encoding: .utf8)
        let arguments = [
            "index", folder.path, "--catalog", catalog.path, "--harps", harps.path,
            "--output", folder.appendingPathComponent("m.json").path, "--json", "--no-cache",
        ]
        let strict = try runFlareKit(arguments + ["--strict"])
        #expect(strict.status == 65)
        #expect(strict.standardError.hasPrefix("flarekit: error:") && strict.standardError.contains("flares.csv"))
        #expect(strict.standardError.split(separator: "\n").count == 1)

        // Lenient: the bad row is skipped and counted; an empty folder gives no samples.
        let lenient = try runFlareKit(arguments)
        #expect(lenient.status == 0, "stderr: \(lenient.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lenient.standardOutput.utf8)) as? [String: Any])
        #expect(object["invalid_catalog_rows"] as? Int == 1)
        #expect(object["flares"] as? Int == 1)
        #expect(object["samples"] as? Int == 0)
    }
}
