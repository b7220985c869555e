import Datasets
import Foundation
import Testing

/// `flarekit train` prepares its inputs into one HDF5 data set, saying where and how large
/// first (called by `TrainEvaluateCommandTests.trainThenEvaluateTheFoldWeights` on its run).
enum TrainInputCacheChecks {
    static func checkAnnouncedDataSet(standardError: String, run: URL, manifest: SampleManifest) throws {
        let lines = standardError.split(separator: "\n").map(String.init)
        let cacheFolder = run.appendingPathComponent("cache/inputs").standardizedFileURL.path
        let announced = try #require(lines.firstIndex { $0.contains("input cache ") && $0.contains("samples now (") })
        let written = try #require(lines.firstIndex { $0.contains("prepared data set ") && $0.contains(" written in ") })
        let firstFold = try #require(lines.firstIndex { $0.contains("fold-1") })
        #expect(announced < written && written < firstFold)
        // The line names the file and its size; the file is there, with every sample.
        let files = try FileManager.default.contentsOfDirectory(atPath: cacheFolder).filter { $0.hasSuffix(".h5") }
        #expect(files.count == 1)
        let file = try #require(files.first)
        #expect(lines[announced].contains(cacheFolder + "/" + file))
        let megabytes = try #require(lines[announced].firstMatch(of: /\((\d+) MB in one HDF5 file\)/)).1
        let size = try #require(try FileManager.default.attributesOfItem(atPath: cacheFolder + "/" + file)[.size] as? NSNumber)
        #expect(abs(Double(megabytes)! - size.doubleValue / 1e6) <= 1, "announced \(megabytes) MB, wrote \(size) bytes")
        let dataSet = try PreparedDataSet(contentsOf: URL(fileURLWithPath: cacheFolder + "/" + file))
        #expect(dataSet.count > 0 && dataSet.count <= manifest.samples.count)
        #expect(dataSet.preparation.width == 16 && dataSet.framesPerSample == 1)
        // The sample ids are the samples' identifiers, the prediction CSV's sample_id.
        #expect(Set(dataSet.sampleIDs).isSubset(of: Set(manifest.samples.map(\.identifier))))
    }
}
