import Foundation
import Testing
@testable import Magnetogram

/// Unsigned flux of the real SHARP line-of-sight magnetogram against the header's USFLUX.
@Suite("Flux of a real SHARP map", .enabled(if: SharedData.isAvailable, SharedData.skipMessage))
struct RealFluxTests {
    static let stem = "sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI"

    @Test func lineOfSightFluxAgainstUSFLUX() throws {
        let map = try Magnetogram(contentsOf: SharedData.path("\(Self.stem).magnetogram.fits"))
        let usflux = try #require(map.metadata?.unsignedFlux)
        #expect(map.width == 744 && map.height == 377 && map.scaleX == 0.03)
        // USFLUX sums |Br| of the vector field over the active-region mask (bitmap >= 33,
        // Bobra et al. 2014). The line-of-sight field is Br projected (cos of the distance from
        // disc centre, here about 30 degrees) plus the horizontal field's projection, and the
        // whole patch holds noise and weak flux outside the mask: expect the same order of
        // magnitude, within a factor of 2, not equality.
        let bitmap = try FITSReader().readImage(at: SharedData.path("\(Self.stem).bitmap.fits"))
        let insideMask = zip(map.pixels, bitmap.pixels).map { $1 >= 33 ? $0 : 0 }
        let masked = try Magnetogram(width: map.width, height: map.height, pixels: insideMask, scaleX: 0.03, scaleY: 0.03)
        let ratio = masked.unsignedFlux() / usflux
        let wholePatch = map.unsignedFlux() / usflux
        if ProcessInfo.processInfo.environment["FLAREKIT_PRINT_REFERENCE_DIFFS"] == "1" {
            print("LOS flux in mask / USFLUX = \(ratio); whole patch / USFLUX = \(wholePatch)")
        }
        #expect(ratio > 0.5 && ratio < 2, "masked LOS flux / USFLUX = \(ratio)")
        #expect(wholePatch > ratio)
        // Flux above 100 G is a stable fraction of the whole (most of the patch is weak field).
        #expect(map.unsignedFlux(threshold: 100) < map.unsignedFlux())
    }
}
