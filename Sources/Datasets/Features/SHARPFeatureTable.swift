import Foundation

/// One feature set of a list of samples as a table: a row of feature values and a label per
/// usable sample, and a count of every sample left out and why (never a silent drop).
///
/// A sample with a missing feature (a keyword the header lacks or writes as `nan`, such as
/// R_VALUE, a flux never measured) is, by ``MissingValues``, left out and counted, or an error.
/// The rows keep the samples' order; ``sampleIndices`` gives each row's position in the list,
/// so the rows of a split are `table.rows(ofSamples: indices)`, and another label can be read
/// from the same positions.
///
/// ```swift
/// let manifest = try SampleManifest(contentsOf: URL(fileURLWithPath: "manifest.json"))
/// let table = try SHARPFeatureTable(samples: manifest.samples, featureSet: .spaceWeatherKeywords)
/// print(table.report)   // "4861 of 4889 samples have every sharp-keywords feature; 28 left out: r_value 28"
/// table.rows.count == table.labels.count                              // one 0/1 label per row
/// let flat = table.rowMajorValues                                     // rows x featureCount
/// ```
public struct SHARPFeatureTable: Sendable, Hashable {
    /// What to do with a sample that lacks a feature.
    public enum MissingValues: Sendable, Hashable {
        /// Leave it out; it is counted in ``Report``.
        case skipSample
        /// Throw ``DatasetsError/invalidValue(what:value:reason:)`` naming the first such sample.
        case fail
    }

    /// What was left out, and why.
    public struct Report: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The feature set.
        public var featureSet: SHARPFeatureSet
        /// Samples given.
        public var sampleCount: Int
        /// Samples with every feature (the rows).
        public var completeSampleCount: Int
        /// Samples with at least one missing feature (left out).
        public var samplesWithMissingValues: Int
        /// Of those, samples whose record holds none of the set at all: keywords never read (a
        /// manifest written before FlareKit kept them; index again) or a flux never measured.
        public var samplesNotRecorded: Int
        /// Per feature name, how many samples lack it.
        public var missingByFeature: [String: Int]

        public var description: String {
            var text = "\(completeSampleCount) of \(sampleCount) samples have every \(featureSet.rawValue) feature"
            if samplesWithMissingValues > 0 {
                let counts = featureSet.featureNames.compactMap { name in missingByFeature[name].map { "\(name) \($0)" } }
                text += "; \(samplesWithMissingValues) left out: " + counts.joined(separator: ", ")
            }
            if samplesNotRecorded > 0 {
                text += " (\(samplesNotRecorded) whose record holds none of them: "
                text += featureSet == .spaceWeatherKeywords
                    ? "keywords not indexed, run flarekit index again)"
                    : "line-of-sight flux not measured)"
            }
            return text
        }
    }

    /// The feature set.
    public let featureSet: SHARPFeatureSet
    /// The feature names, in column order.
    public var featureNames: [String] { featureSet.featureNames }
    /// One row of features per complete sample.
    public let rows: [[Double]]
    /// The label of each row (by default Bhattacharjee's region label, 1 for a flaring HARP).
    public let labels: [Int]
    /// The position in the given samples of each row.
    public let sampleIndices: [Int]
    /// What was left out.
    public let report: Report

    /// The table of `samples`.
    /// - Parameters:
    ///   - samples: the samples, for example a manifest's.
    ///   - featureSet: which features.
    ///   - missingValues: what to do with a sample lacking a feature (default: leave it out).
    ///   - label: the label of a sample (default: ``LabeledSample/regionLabel``).
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` naming the sample's file and
    ///   the missing features, with ``MissingValues/fail``.
    public init(
        samples: [LabeledSample], featureSet: SHARPFeatureSet, missingValues: MissingValues = .skipSample,
        label: (LabeledSample) -> Int = { $0.regionLabel }
    ) throws {
        let names = featureSet.featureNames
        var rows: [[Double]] = [], labels: [Int] = [], indices: [Int] = []
        var report = Report(
            featureSet: featureSet, sampleCount: samples.count, completeSampleCount: 0, samplesWithMissingValues: 0,
            samplesNotRecorded: 0, missingByFeature: [:])
        for (position, sample) in samples.enumerated() {
            let values = featureSet.values(of: sample.observation)
            let complete = values.compactMap { $0 }
            if complete.count == values.count {
                rows.append(complete)
                labels.append(label(sample))
                indices.append(position)
                continue
            }
            let missing = zip(names, values).filter { $0.1 == nil }.map(\.0)
            if missingValues == .fail {
                throw DatasetsError.invalidValue(
                    what: "\(featureSet.rawValue) features of sample \(position)", value: sample.observation.path,
                    reason: "missing " + missing.joined(separator: ", "))
            }
            report.samplesWithMissingValues += 1
            if featureSet.isNotRecorded(in: sample.observation) { report.samplesNotRecorded += 1 }
            for name in missing { report.missingByFeature[name, default: 0] += 1 }
        }
        report.completeSampleCount = rows.count
        self.featureSet = featureSet
        self.rows = rows
        self.labels = labels
        self.sampleIndices = indices
        self.report = report
    }

    /// The rows one after another (row-major, `rows.count x featureNames.count`).
    public var rowMajorValues: [Double] { rows.flatMap { $0 } }

    /// The rows and labels of the samples at `positions` of the given list, the training or test
    /// part of a split. Samples that were left out have no row: `samples` lists the positions
    /// kept, in the given order, so that the scores can be mapped back to the samples.
    public func rows(ofSamples positions: [Int]) -> (rows: [[Double]], labels: [Int], samples: [Int]) {
        var rowOfSample: [Int: Int] = [:]
        for (row, sample) in sampleIndices.enumerated() { rowOfSample[sample] = row }
        let kept = positions.filter { rowOfSample[$0] != nil }
        let keptRows = kept.compactMap { rowOfSample[$0] }
        return (keptRows.map { rows[$0] }, keptRows.map { labels[$0] }, kept)
    }
}
