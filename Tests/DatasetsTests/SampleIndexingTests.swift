import Foundation
import Testing

@testable import Datasets

/// `SampleIndexing` against the steps it chains, run one by one.
@Suite("Sample indexing (folder, catalogue and table to a manifest)")
struct SampleIndexingTests {
    @Test func runEqualsTheStepsAndTheSummaryCountsThem() throws {
        var configuration = SyntheticArchive.Configuration.small
        configuration.regionCount = 8
        configuration.seed = 5
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("indexing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try SyntheticArchive(configuration: configuration).generate(into: folder)
        let sharp = URL(fileURLWithPath: archive.magnetogramFolder)
        let catalogURL = URL(fileURLWithPath: archive.flareCatalogPath), tableURL = URL(fileURLWithPath: archive.harpTablePath)

        var indexing = SampleIndexing(indexOptions: .init(cache: .disabled))
        indexing.cuts?.maximumCentralMeridianDistance = 30
        var calls = 0
        let result = try indexing.run(directory: sharp, catalog: catalogURL, harpTable: tableURL) { _, _ in calls += 1 }
        #expect(calls > 0)

        let index = try ArchiveIndex(scanning: sharp, options: .init(cache: .disabled))
        let catalog = try FlareCatalog(contentsOf: catalogURL)
        let table = try HARPNOAATable(contentsOf: tableURL)
        let selection = try SelectionCuts(maximumCentralMeridianDistance: 30).apply(to: index)
        let flux = LineOfSightFluxMeasurement(observations: selection.observations)
        #expect(flux.failures.isEmpty && flux.measured == selection.observations.count)
        var manifest = try SampleLabeler().label(
            observations: flux.observations, events: catalog.events, map: table.map, allObservations: index.observations)
        #expect(result.manifest.sharpDirectory == sharp.standardizedFileURL.path)   // the folder indexed
        manifest.sharpDirectory = sharp.standardizedFileURL.path
        #expect(result.manifest == manifest)
        #expect(result.selectionReport == selection.report)

        let summary = result.summary
        #expect(summary.filesIndexed == index.observations.count)
        #expect(summary.samples == manifest.samples.count)
        #expect(summary.regions == Set(manifest.samples.map(\.harpNumber)).count)
        #expect(summary.flaringRegions == Set(manifest.samples.filter(\.isFlaringRegion).map(\.harpNumber)).count)
        #expect(summary.cutRemovals.map(\.removed).reduce(0, +) == index.observations.count - manifest.samples.count)
        #expect(summary.sampleClasses.values.reduce(0, +) == manifest.samples.count)
        #expect(summary.flaresWithoutRegion == catalog.events.filter { $0.noaaRegion == nil }.count)
        let json = try #require(try JSONSerialization.jsonObject(with: summary.jsonData()) as? [String: Any])
        #expect(json["files_indexed"] as? Int == summary.filesIndexed && json["flaring_regions"] as? Int == summary.flaringRegions)

        // Without cuts every observation is labelled.
        indexing.cuts = nil
        let all = try indexing.run(directory: sharp, catalog: catalogURL, harpTable: tableURL)
        #expect(all.selectionReport == nil && all.summary.cutRemovals.isEmpty)
        #expect(all.manifest.samples.count == index.observations.count)
    }
}
