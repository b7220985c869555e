import Architectures
import Testing

@testable import Pipelines

/// The size check every configuration's `validate` runs: the documented maximum, then the
/// training-memory estimate against the memory available (skipped when nothing is trained).
@Suite("Architecture size and memory check")
struct ArchitectureCheckTests {
    static var small: ArchitectureConfiguration {
        var c = CNN2Configuration()
        c.inputSize = 32
        c.stemFilters = [4, 8]
        c.inceptionFilters = 4
        return .cnn2(c)
    }

    @Test func moreThanAvailableIsRefusedWithBothFigures() throws {
        let tiny = AvailableMemory(bytes: 1024 * 1024, source: "test limit")
        let error = try #require(throws: PipelinesError.self) {
            try ArchitectureCheck.check(Self.small, setting: "inputSize", value: 32, batchSize: 4, available: tiny)
        }
        #expect(error.description.contains("needs an estimated") && error.description.contains("test limit"))
        // Assembling finished splits trains nothing: no memory check.
        try ArchitectureCheck.check(Self.small, setting: "inputSize", value: 32, batchSize: 4, checkingMemory: false, available: tiny)
        try ArchitectureCheck.check(
            Self.small, setting: "inputSize", value: 32, batchSize: 4, available: AvailableMemory(bytes: 1e12, source: "test"))
    }

    @Test func aboveTheMaximumIsRefusedBeforeAnyEstimate() throws {
        var c = CNN2Configuration()
        c.inputSize = ArchitectureConfiguration.maximumInputSize + 1
        let error = try #require(throws: PipelinesError.self) {
            try ArchitectureCheck.check(.cnn2(c), setting: "inputSize", value: c.inputSize, batchSize: 1, available: nil)
        }
        #expect(error.description.contains("at most 4096"))
    }
}
