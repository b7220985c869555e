import Foundation
import Testing

@testable import Datasets

/// The two feature sets of the SVM baseline, and the count of samples left out.
@Suite("SHARP feature tables")
struct SHARPFeatureTableTests {
    /// Five samples: complete, R_VALUE nan, keywords never read, flux not measured, complete.
    static func samples() -> [LabeledSample] {
        func keywords(_ value: Double, rValue: Double? = 4) -> SHARPSpaceWeatherKeywords {
            var k = SHARPSpaceWeatherKeywords { _ in value }
            k.rValue = rValue
            return k
        }
        let observations = [
            SHARPObservation(
                harpNumber: 1, time: LabelTimeline.at(0), path: "a.fits", areaMicroHemispheres: 100,
                lineOfSightUnsignedFlux: 1e22, spaceWeatherKeywords: keywords(1)),
            SHARPObservation(
                harpNumber: 1, time: LabelTimeline.at(1), path: "b.fits", areaMicroHemispheres: 110,
                lineOfSightUnsignedFlux: 2e22, spaceWeatherKeywords: keywords(2, rValue: nil)),
            SHARPObservation(
                harpNumber: 2, time: LabelTimeline.at(0), path: "c.fits", areaMicroHemispheres: 120,
                lineOfSightUnsignedFlux: 3e22),
            SHARPObservation(
                harpNumber: 2, time: LabelTimeline.at(1), path: "d.fits", areaMicroHemispheres: 130,
                spaceWeatherKeywords: keywords(4)),
            SHARPObservation(
                harpNumber: 3, time: LabelTimeline.at(0), path: "e.fits", areaMicroHemispheres: 140,
                lineOfSightUnsignedFlux: 5e22, spaceWeatherKeywords: keywords(5)),
        ]
        return observations.map { LabeledSample(observation: $0, isFlaringRegion: $0.harpNumber == 2, sampleClass: .NO1) }
    }

    @Test func keywordTableCountsWhatItLeavesOut() throws {
        let table = try SHARPFeatureTable(samples: Self.samples(), featureSet: .spaceWeatherKeywords)
        #expect(table.featureNames.count == 18 && table.featureNames[16] == "r_value")
        #expect(table.sampleIndices == [0, 3, 4])
        #expect(table.labels == [0, 1, 0])
        #expect(table.rows[1] == [Double](repeating: 4, count: 16) + [4, 4])
        #expect(table.rowMajorValues.count == 3 * 18)
        let report = table.report
        #expect(report.sampleCount == 5 && report.completeSampleCount == 3 && report.samplesWithMissingValues == 2)
        #expect(report.samplesNotRecorded == 1)
        #expect(report.missingByFeature["r_value"] == 2 && report.missingByFeature["meangam"] == 1)
        #expect(report.description.contains("3 of 5 samples") && report.description.contains("r_value 2"))
        #expect(report.description.contains("keywords not indexed"))
    }

    @Test func lineOfSightTableIsAreaAndFlux() throws {
        let table = try SHARPFeatureTable(samples: Self.samples(), featureSet: .lineOfSight)
        #expect(table.featureNames == ["area_acr", "los_unsigned_flux_mx"])
        #expect(table.rows == [[100, 1e22], [110, 2e22], [120, 3e22], [140, 5e22]])
        #expect(table.report.samplesWithMissingValues == 1 && table.report.samplesNotRecorded == 1)
        #expect(table.report.missingByFeature == ["los_unsigned_flux_mx": 1])
        // A split's part: left-out samples have no row, and the positions kept are returned.
        let part = table.rows(ofSamples: [4, 3, 0])
        #expect(part.rows == [[140, 5e22], [100, 1e22]] && part.labels == [0, 0] && part.samples == [4, 0])
    }

    @Test func failingOnAMissingFeatureNamesTheSample() {
        #expect(throws: DatasetsError.invalidValue(
            what: "sharp-keywords features of sample 1", value: "b.fits", reason: "missing r_value")) {
            try SHARPFeatureTable(samples: Self.samples(), featureSet: .spaceWeatherKeywords, missingValues: .fail)
        }
    }

    @Test func anotherLabel() throws {
        let table = try SHARPFeatureTable(samples: Self.samples(), featureSet: .lineOfSight) { $0.observation.harpNumber }
        #expect(table.labels == [1, 1, 2, 3])
    }
}
