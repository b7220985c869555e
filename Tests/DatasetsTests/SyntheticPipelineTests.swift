import Foundation
import Magnetogram
import NeuralCore
import Testing

@testable import Datasets

/// The generated archive goes through every Datasets stage exactly as real data would: index,
/// catalogue and HARP table read back from files, selection cuts, labels, splits, balanced
/// sets, videos and a lazy batch.
@Suite("Synthetic archive through the whole Datasets pipeline")
struct SyntheticPipelineTests {
    /// 24 regions of 2.5-day passages at a 3-hour cadence (20 frames), tiny images.
    private static var configuration: SyntheticArchive.Configuration {
        var configuration = SyntheticArchive.Configuration.small
        configuration.regionCount = 24
        configuration.passageDuration = 2.5 * 86_400
        configuration.cadence = 3 * 3600
        configuration.span = 20 * 86_400
        configuration.flares = SyntheticFlareModel()
        configuration.seed = 77
        return configuration
    }

    @Test func generatedArchiveRunsThroughIndexCutsLabelsSplitsAndVideos() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try SyntheticArchive(configuration: Self.configuration).generate(into: folder)

        // Index: every magnetogram, read from headers, grouped by HARP.
        let index = try ArchiveIndex(scanning: URL(fileURLWithPath: summary.magnetogramFolder))
        #expect(index.observations.count == summary.magnetogramFiles)
        #expect(index.report.failures.isEmpty)
        #expect(index.harpNumbers.count == summary.regions)

        // Catalogue and HARP table, read back through the public parsers.
        let catalog = try FlareCatalog(swpcEventListAt: URL(fileURLWithPath: summary.flareCatalogPath), strict: true)
        let table = try HARPNOAATable(contentsOf: URL(fileURLWithPath: summary.harpTablePath), strict: true)
        #expect(catalog.invalidRows.isEmpty && table.invalidRows.isEmpty)
        #expect(catalog.events.count == summary.flaresByClass.values.reduce(0, +))

        // Cuts remove something and keep most regions.
        let selected = try SelectionCuts().apply(to: index)
        #expect(selected.observations.count < index.observations.count)
        #expect(!selected.observations.isEmpty)
        for observation in selected.observations {
            #expect(abs(observation.centralMeridianDistance ?? 99) <= 45)
            #expect(abs(observation.observerRadialVelocity ?? 1e9) < 3500)
        }

        // Labels: the generator's flaring regions are the labeller's (within the cut regions).
        let manifest = try SampleLabeler().label(
            observations: selected.observations, events: catalog.events, map: table.map)
        #expect(manifest.samples.count == selected.observations.count)
        let flaringHARPs = Set(manifest.samples.filter(\.isFlaringRegion).map(\.harpNumber))
        let keptHARPs = Set(selected.observations.map(\.harpNumber))
        #expect(flaringHARPs == Set(summary.flaringRegions).intersection(keptHARPs))
        #expect(!flaringHARPs.isEmpty && flaringHARPs.count < keptHARPs.count)

        // AR-grouped 3-part split: no region in both parts, every sample somewhere.
        let groups = try RegionGroups(samples: manifest.samples)
        let splits = try RepeatedRegionSplit(parts: 3, repetitions: 2, seed: 5).splits(groups)
        #expect(splits.count == 2)
        for split in splits {
            #expect(Set(split.training.harpNumbers).isDisjoint(with: split.validation.harpNumbers))
            #expect(split.training.sampleIndices.count + split.validation.sampleIndices.count == manifest.samples.count)
            for index in split.validation.sampleIndices {
                #expect(split.validation.harpNumbers.contains(manifest.samples[index].harpNumber))
            }
        }

        // Balanced triples (scaled to what this small archive holds): no region shared.
        let balanced = BalancedSetGenerator(configuration: BalancedSetConfiguration(
            rates: .guastavino2022Rates, sizes: BalancedSetSizes(training: 60, validation: 20, test: 20),
            shortfallPolicy: .report))
        for triple in try balanced.triples(samples: manifest.samples, realisations: 2, seed: 3) {
            let sets = [triple.training, triple.validation, triple.test]
            for a in 0..<3 { for b in (a + 1)..<3 {
                #expect(Set(sets[a].harpNumbers).isDisjoint(with: sets[b].harpNumbers))
            } }
        }

        // Videos of 4 frames at the archive's cadence, ending at each sample, then one batch.
        let sampler = try VideoSampler(VideoSpecification(frameCount: 4, cadence: Self.configuration.cadence))
        let videos = sampler.videos(endingAt: manifest.samples.map(\.observation), from: index.observations)
        let complete = videos.videos.enumerated().compactMap { k, frames in frames.map { (k, $0) } }
        #expect(!complete.isEmpty)
        #expect(complete.count + videos.report.dropped.count == manifest.samples.count)
        let items = complete.prefix(3).map { k, frames in
            BatchItem(framePaths: frames.map(\.path), label: Float(manifest.samples[k].regionLabel),
                      latitude: manifest.samples[k].observation.latitude)
        }
        let preparation = try SamplePreparation(
            InputPreprocessing(), defaultGeometry: .resize(width: 16, height: 16, method: .bilinear))
        let source = try VideoBatchSource(items: Array(items), preparation: preparation)
        let batch = try source.batch([0, 1, 2])
        #expect(batch.inputs.shape == [3, 4, 1, 16, 16])
        #expect(batch.inputs.scalars.allSatisfy { $0.isFinite })
    }
}
