import Foundation
import Testing

@testable import Datasets

@Suite("Flare classes")
struct FlareClassTests {
    @Test func parsesAndMeansItsFlux() throws {
        let flare = try FlareClass("X2.4")
        #expect(flare.letter == .X)
        #expect(abs(flare.peakFlux - 2.4e-4) < 1e-15)
        #expect(try FlareClass("c").description == "C1.0")
        #expect(try FlareClass(" m1.7 ").description == "M1.7")
    }

    @Test func truncatesFluxToOneDecimalLikeNOAA() throws {
        #expect(try FlareClass(peakFlux: 2.5553999876137823e-05).description == "M2.5")
        #expect(try FlareClass(peakFlux: 2.5e-5).description == "M2.5")
        #expect(try FlareClass(peakFlux: 9.99e-6).description == "C9.9")
        #expect(try FlareClass(peakFlux: 1e-5).description == "M1.0")
        #expect(try FlareClass(peakFlux: 1.2e-3).description == "X12.0")
    }

    @Test func ordersByFlux() throws {
        #expect(try FlareClass("X1.0") > FlareClass("M9.9"))
        #expect(try FlareClass("M1.0") >= .m1)
        #expect(try FlareClass("C9.9") < .m1)
    }

    @Test func rejectsBadText() {
        #expect(throws: DatasetsError.self) { try FlareClass("Q1.0") }
        #expect(throws: DatasetsError.self) { try FlareClass("Mx") }
        #expect(throws: DatasetsError.self) { try FlareClass("") }
        #expect(throws: DatasetsError.self) { try FlareClass(peakFlux: .nan) }
        #expect(throws: DatasetsError.self) { try FlareClass(letter: .M, magnitude: -1) }
    }

    @Test func harpMapWorksBothWays() {
        let map = HARPNOAAMap(regionsByHARP: [1: [11067], 45: [11073, 11077], 46: [11077]])
        #expect(map.regions(ofHARP: 45) == [11073, 11077])
        #expect(map.harps(holdingRegion: 11077) == [45, 46])
        #expect(map.harps(holdingRegion: 1).isEmpty)
    }
}
