import Architectures
import Datasets
import Foundation
import Testing

@testable import Pipelines

/// The label and cadence an ensemble is scored and fed with, from its weight files' metadata.
@Suite("Ensemble agreement on the label and the video cadence")
struct EnsembleAgreementTests {
    static func member(_ name: String, lrcn: Bool = false, _ metadata: [String: String]) throws -> EnsembleMember {
        let model = lrcn ? try PredictionFixtures.lrcn(seed: 1) : try PredictionFixtures.cnn1(seed: 1)
        return EnsembleMember(path: name, model: model, metadata: metadata)
    }

    @Test func theRecordDecidesAndAnotherRequestIsRefused() throws {
        let c1 = try Self.member("a.safetensors", ["label": "C1+"])
        let plain = try Self.member("b.safetensors", [:])
        let agreement = try EnsembleAgreement(members: [c1, plain], configuration: .init())
        #expect(agreement.target == .c1 && agreement.targetNote == nil && agreement.cadenceNote == nil)
        #expect(agreement.videoCadence == 36 * 60)

        var requested = EnsemblePredictionConfiguration()
        requested.target = .m1
        #expect(throws: PipelinesError.preparationMismatch(weights: "a.safetensors", setting: "label", model: "C1+", input: "M1+")) {
            try EnsembleAgreement(members: [c1], configuration: requested)
        }
        // Without a record the request decides, and without either the region label, with a note.
        #expect(try EnsembleAgreement(members: [plain], configuration: requested).target == .m1)
        let fallback = try EnsembleAgreement(members: [plain], configuration: .init())
        #expect(fallback.target == .region && fallback.targetNote?.contains("--label") == true)

        let region = try Self.member("c.safetensors", ["label": "region"])
        #expect(throws: PipelinesError.mixedTargets(first: "a.safetensors", firstLabel: "C1+", second: "c.safetensors", secondLabel: "region")) {
            try EnsembleAgreement(members: [c1, plain, region], configuration: .init())
        }
        #expect(throws: PipelinesError.self) { try EnsembleAgreement(members: [Self.member("d", ["label": "X1+"])], configuration: .init()) }
    }

    @Test func anLRCNIsFedAtItsRecordedCadence() throws {
        let slow = try Self.member("slow.safetensors", lrcn: true, ["cadence_minutes": "12"])
        #expect(try EnsembleAgreement(members: [slow], configuration: .init()).videoCadence == 12 * 60)
        #expect(throws: PipelinesError.preparationMismatch(
            weights: "slow.safetensors", setting: "video cadence", model: "12 minutes", input: "36 minutes")) {
            try EnsembleAgreement(members: [slow], configuration: .init(videoCadence: 36 * 60))
        }
        let other = try Self.member("other.safetensors", lrcn: true, ["cadence_minutes": "36"])
        #expect(throws: PipelinesError.self) { try EnsembleAgreement(members: [slow, other], configuration: .init()) }
        // A CNN's cadence record does not matter; an LRCN without one gets 36 minutes and a note.
        let unrecorded = try EnsembleAgreement(members: [Self.member("v", lrcn: true, [:])], configuration: .init())
        #expect(unrecorded.videoCadence == 36 * 60 && unrecorded.cadenceNote?.contains("36 minutes") == true)
        // A frame count recorded otherwise than the network description (3 frames) is refused.
        #expect(throws: PipelinesError.self) {
            try EnsembleAgreement(members: [Self.member("f", lrcn: true, ["frames": "40"])], configuration: .init())
        }
        #expect(try EnsembleAgreement(members: [Self.member("g", lrcn: true, ["frames": "3"])], configuration: .init()).videoCadence == 36 * 60)
    }
}
