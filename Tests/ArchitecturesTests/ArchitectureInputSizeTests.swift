import Foundation
import Testing
@testable import Architectures

/// The input size is held once, by each network's configuration, and read and set through
/// ``ArchitectureConfiguration/inputSize``.
@Suite("Architecture input size")
struct ArchitectureInputSizeTests {
    @Test func theInputSizeIsTheNetworksOwn() throws {
        var cnn1 = ArchitectureConfiguration.cnn1(CNN1Configuration())
        #expect(cnn1.inputSize == 128)
        cnn1.inputSize = 16
        guard case let .cnn1(c1) = cnn1 else { Issue.record("not CNN-1"); return }
        #expect(c1.inputSize == 16 && cnn1.sampleShape == [1, 16, 16])

        var cnn2 = ArchitectureConfiguration.cnn2(CNN2Configuration())
        #expect(cnn2.inputSize == 256)
        cnn2.inputSize = 64
        guard case let .cnn2(c2) = cnn2 else { Issue.record("not CNN-2"); return }
        #expect(c2.inputSize == 64 && c2.stemFilters == CNN2Configuration().stemFilters && cnn2.sampleShape == [1, 64, 64])

        var lrcn = ArchitectureConfiguration.lrcn(LRCNConfiguration())
        #expect(lrcn.inputSize == 128)
        lrcn.inputSize = 72
        guard case let .lrcn(l) = lrcn else { Issue.record("not the LRCN"); return }
        #expect(l.frameSize == 72 && lrcn.sampleShape == [40, 1, 72, 72])
    }

    /// The weight files' JSON is unchanged: `input_size` for the CNNs, `frame_size` for the LRCN.
    @Test func theStoredSpellingsAreUnchanged() throws {
        var lrcn = ArchitectureConfiguration.lrcn(LRCNConfiguration())
        lrcn.inputSize = 32
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(lrcn)) as? [String: Any])
        #expect(object["frame_size"] as? Int == 32 && object["input_size"] == nil)
        let cnn1 = try JSONDecoder().decode(
            ArchitectureConfiguration.self, from: Data(#"{"architecture": "cnn1", "input_size": 24, "filters": [2, 4], "kernel_size": 3, "dense_units": 4, "activation": {"name": "leaky_relu", "slope": 0.3}}"#.utf8))
        #expect(cnn1.inputSize == 24 && cnn1.sampleShape == [1, 24, 24])
    }
}
