@testable import Architectures
import NeuralCore
import Testing

/// The training-memory estimate against the peaks Documentation/Benchmarks.md measured
/// (maximum resident set while training, `bash Benchmarks/compare.sh 2 9`, 2026-11-23).
@Suite("Training memory estimate")
struct TrainingMemoryEstimateTests {
    static let mebibyte = 1024.0 * 1024

    static func cnn2(_ size: Int) -> ArchitectureConfiguration {
        var c = CNN2Configuration()
        c.inputSize = size
        return .cnn2(c)
    }

    static func cnn1(_ size: Int) -> ArchitectureConfiguration {
        var c = CNN1Configuration()
        c.inputSize = size
        return .cnn1(c)
    }

    @Test(arguments: [
        ("cnn2 256, batch 64", Self.cnn2(256), 64, 2143.0), ("cnn1 128, batch 64", Self.cnn1(128), 64, 675.0),
        ("cnn2 128, batch 64", Self.cnn2(128), 64, 727.0), ("lrcn 40 x 128, batch 8", ArchitectureConfiguration.lrcn(LRCNConfiguration()), 8, 1389.0),
    ])
    func withinThirtyPercentOfTheMeasuredPeak(name: String, architecture: ArchitectureConfiguration, batch: Int, measuredMiB: Double) throws {
        let estimate = try TrainingMemoryEstimate(architecture: architecture, batchSize: batch)
        let ratio = estimate.totalBytes / Self.mebibyte / measuredMiB
        #expect(ratio > 0.8 && ratio < 1.3, "\(name): estimated \(estimate.summary), measured \(measuredMiB) MiB (ratio \(ratio))")
    }

    @Test func growsWithTheInputAndTheBatch() throws {
        let base = try TrainingMemoryEstimate(architecture: Self.cnn2(256), batchSize: 64).totalBytes
        let doubleBatch = try TrainingMemoryEstimate(architecture: Self.cnn2(256), batchSize: 128).totalBytes
        let huge = try TrainingMemoryEstimate(architecture: Self.cnn2(4000), batchSize: 64)
        #expect(doubleBatch > 1.8 * base)
        // Activations scale with the area: 4000^2 / 256^2 = 244 times.
        #expect(huge.totalBytes > 200 * base)
        #expect(huge.summary.contains("GiB"))
        // CNN-1's dense layer grows with the area too: its parameters at 4000 pixels.
        let cnn1 = try TrainingMemoryEstimate(architecture: Self.cnn1(4000), batchSize: 1)
        #expect(cnn1.parameterBytes > 64 * 1000 * 1000 * 64 * 16 * 0.99)
        #expect(throws: ArchitecturesError.self) { try TrainingMemoryEstimate(architecture: Self.cnn2(8), batchSize: 1) }
        #expect(throws: ArchitecturesError.self) { try TrainingMemoryEstimate(architecture: Self.cnn2(256), batchSize: 0) }
    }

    @Test func footprintsMatchTheBuiltNetworksParameters() throws {
        for architecture in [Self.cnn2(64), Self.cnn1(32)] {
            var generator = SeededGenerator(seed: 1)
            let model = try FlareModel(architecture, generator: &generator)
            let counted = try architecture.layerFootprints().reduce(0.0) { $0 + $1.parameters }
            let built = model.trainableParameterCount
            #expect(counted == Double(built), "\(architecture.name)")
        }
    }

    @Test func memAvailableIsReadInBytes() throws {
        let bytes: Double = try #require(AvailableMemory.memAvailable(in: "MemTotal: 100 kB\nMemAvailable:    2048 kB\n"))
        #expect(bytes == 2_097_152.0)
        #expect(AvailableMemory.memAvailable(in: "MemTotal: 100 kB\n") == nil)
    }
}
