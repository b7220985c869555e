import Architectures
import Evaluation
import Foundation
import Testing

@testable import Pipelines

/// A pipeline's input size is its network's: the two cannot disagree, and the run records name
/// it once, as they always have.
@Suite("Configuration input size")
struct ConfigurationInputSizeTests {
    @Test func theBhattacharjeeInputSizeIsTheNetworks() {
        var c = BhattacharjeeConfiguration()
        #expect(c.inputSize == 256 && c.architecture.inputSize == 256)
        c.inputSize = 32
        #expect(c.architecture.sampleShape == [1, 32, 32])
        c.architecture = .cnn1(CNN1Configuration())
        #expect(c.inputSize == 128)
        c.inputSize = 16
        guard case let .cnn1(network) = c.architecture else { Issue.record("not CNN-1"); return }
        #expect(network.inputSize == 16)
        #expect(BhattacharjeeConfiguration.paper(network: .cnn1, inputSize: 64).architecture.inputSize == 64)
        #expect(BhattacharjeeConfiguration.demo().architecture.inputSize == 32)
    }

    @Test func theGuastavinoFrameSizeIsTheNetworks() {
        var c = GuastavinoConfiguration()
        #expect(c.frameSize == 128 && c.architecture.frameSize == 128)
        c.frameSize = 48
        #expect(c.architecture.frameSize == 48 && c.sizedArchitecture.sampleShape == [40, 1, 48, 48])
        #expect(GuastavinoConfiguration.demo().architecture.frameSize == 32)
        #expect(GuastavinoConfiguration.demo().sizedArchitecture.sampleShape == [8, 1, 32, 32])
    }

    /// The records name the size once, under `inputSize` (`frameSize`), and describe the network
    /// at its type's default size: the entries a run folder's records have always held.
    @Test func recordsNameTheSizeOnce() {
        let bhattacharjee = BhattacharjeeConfiguration.demo().recordedSettings(prefix: "b.")
        #expect(bhattacharjee.values["b.inputSize"] == "32")
        #expect(bhattacharjee.values["b.architecture"] == String(describing: ArchitectureConfiguration.cnn2(.demo)))
        #expect(bhattacharjee.values["b.epochs"] == "8")
        let stored = NamedSettings(describing: BhattacharjeeConfiguration.demo(), prefix: "b.").values.keys
        #expect(Set(bhattacharjee.values.keys) == Set(stored).union(["b.inputSize"]))

        var other = BhattacharjeeConfiguration.demo()
        other.inputSize = 64
        #expect(other.recordedSettings().differences(from: BhattacharjeeConfiguration.demo().recordedSettings()) == [
            "inputSize: 32 there, 64 here",
        ])

        let guastavino = GuastavinoConfiguration.demo().recordedSettings()
        #expect(guastavino.values["frameSize"] == "32")
        #expect(guastavino.values["architecture"] == String(describing: LRCNConfiguration.demo))
    }
}
