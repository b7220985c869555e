import Architectures
import Datasets
import Foundation
import NeuralCore

@testable import Pipelines

/// A demo configuration small enough for a debug-build test: 24 regions at a 3-hour cadence,
/// CNN-1 at 16 x 16 and a one-block LRCN on 3-frame videos, one epoch each.
enum TinyDemo {
    static var configuration: DemoConfiguration {
        var c = DemoConfiguration(seed: 77)
        var archive = SyntheticArchive.Configuration.small
        archive.regionCount = 24
        archive.passageDuration = 2.5 * 86_400
        archive.cadence = 3 * 3600
        archive.span = 20 * 86_400
        archive.flares = SyntheticFlareModel()
        archive.seed = 77
        c.archive = archive

        var cnn1 = CNN1Configuration()
        cnn1.filters = [2, 4]
        cnn1.denseUnits = 4
        c.bhattacharjee.architecture = .cnn1(cnn1)
        c.bhattacharjee.inputSize = 16
        c.bhattacharjee.repetitions = 2
        c.bhattacharjee.innerValidationParts = 2
        c.bhattacharjee.epochs = 1
        c.bhattacharjee.batchSize = 16
        c.bhattacharjee.occlusion?.maskSize = 4
        c.bhattacharjee.occlusion?.stride = 4
        c.bhattacharjee.probeRadii = [5, 10]

        c.guastavino.architecture.filters = [4]
        c.guastavino.architecture.kernelSizes = [3]
        c.guastavino.architecture.denseUnits = 4
        c.guastavino.architecture.lstmUnits = 3
        c.guastavino.video = VideoSpecification(frameCount: 3, cadence: 3 * 3600)
        c.guastavino.frameSize = 16
        c.guastavino.sizes = BalancedSetSizes(training: 40, validation: 16, test: 16)
        c.guastavino.realisations = 2
        c.guastavino.epochs = 1
        c.guastavino.batchSize = 8
        return c
    }

    /// A fresh temporary folder; the caller removes it.
    static func folder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pipelines-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Rows of a CSV file as dictionaries keyed by the header.
    static func csvRows(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    /// TSS counted by hand from labels and probabilities at a threshold (`nil` when a class is missing).
    static func trueSkillStatistic(labels: [Int], probabilities: [Double], threshold: Double) -> Double? {
        var tp = 0, fn = 0, fp = 0, tn = 0
        for (label, p) in zip(labels, probabilities) {
            switch (label == 1, p >= threshold) {
            case (true, true): tp += 1
            case (true, false): fn += 1
            case (false, true): fp += 1
            case (false, false): tn += 1
            }
        }
        guard tp + fn > 0, fp + tn > 0 else { return nil }
        return Double(tp) / Double(tp + fn) - Double(fp) / Double(fp + tn)
    }
}
