import Foundation
import Testing
@testable import Magnetogram

/// The WCS carried from a magnetogram to a map of another size: the rescaling against values
/// computed by hand, and on the real SHARP header.
@Suite("FITS world coordinates")
struct FITSWorldCoordinatesTests {
    /// A SHARP-like header: 0.03 deg/pixel, reference pixel (372.5, 189) of a 744 x 377 image.
    static func sharpLikeHeader(extra: [FITSCard] = []) -> FITSHeader {
        FITSHeader(cards: [
            FITSCard(keyword: "NAXIS1", integer: 744), FITSCard(keyword: "DATE-OBS", string: "2011-02-15T01:58:12.30"),
            FITSCard(keyword: "CTYPE1", string: "CRLN-CEA"), FITSCard(keyword: "CTYPE2", string: "CRLT-CEA"),
            FITSCard(keyword: "CRPIX1", double: 372.5), FITSCard(keyword: "CRPIX2", double: 189),
            FITSCard(keyword: "CRVAL1", double: 34.879105), FITSCard(keyword: "CRVAL2", double: -21.0769),
            FITSCard(keyword: "CDELT1", double: 0.03), FITSCard(keyword: "CDELT2", double: 0.03),
            FITSCard(keyword: "CUNIT1", string: "degree"), FITSCard(keyword: "CROTA2", double: 0),
            FITSCard(keyword: "DSUN_OBS", double: 147746220503.41), FITSCard(keyword: "BUNIT", string: "Mx/cm^2"),
            FITSCard(keyword: "HARPNUM", integer: 377),
        ] + extra)
    }

    func number(_ wcs: FITSWorldCoordinates?, _ keyword: String) throws -> Double {
        try #require(try wcs?.header.double(keyword))
    }

    @Test func rescalesReferencePixelAndIncrementPerAxis() throws {
        let wcs = try #require(try FITSWorldCoordinates(header: Self.sharpLikeHeader(), width: 744, height: 377))
        // Only the WCS and observer keys are kept, in header order.
        #expect(wcs.header.cards.map(\.keyword) == [
            "DATE-OBS", "CTYPE1", "CTYPE2", "CRPIX1", "CRPIX2", "CRVAL1", "CRVAL2", "CDELT1", "CDELT2", "CUNIT1",
            "CROTA2", "DSUN_OBS",
        ])
        // 744 x 377 -> 128 x 128: s = 128/744 and 128/377. By hand:
        // CRPIX1 (372.5 - 0.5) * 128/744 + 0.5 = 64.5; CRPIX2 (189 - 0.5) * 128/377 + 0.5 = 64.5;
        // CDELT1 0.03 * 744/128 = 0.174375; CDELT2 0.03 * 377/128 = 0.088359375.
        let map = try wcs.resampled(width: 128, height: 128)
        #expect(map.width == 128 && map.height == 128)
        #expect(abs(try number(map, "CRPIX1") - 64.5) < 1e-12)
        #expect(abs(try number(map, "CRPIX2") - 64.5) < 1e-12)
        #expect(abs(try number(map, "CDELT1") - 0.174375) < 1e-15)
        #expect(abs(try number(map, "CDELT2") - 0.088359375) < 1e-15)
        #expect(try number(map, "CRVAL1") == 34.879105 && number(map, "CROTA2") == 0)
        #expect(try map.header.string("CTYPE1") == "CRLN-CEA")
        // A map pixel centre lands where its source point does: world = CRVAL + CDELT (p - CRPIX).
        for (mapPixel, axis, size) in [(1.0, 1, 744.0), (128, 1, 744), (57, 2, 377), (1, 2, 377)] {
            let s = 128 / size
            let sourcePixel = (mapPixel - 0.5) / s + 0.5
            let source = try number(wcs, "CRVAL\(axis)") + number(wcs, "CDELT\(axis)") * (sourcePixel - number(wcs, "CRPIX\(axis)"))
            let mapped = try number(map, "CRVAL\(axis)") + number(map, "CDELT\(axis)") * (mapPixel - number(map, "CRPIX\(axis)"))
            #expect(abs(mapped - source) < 1e-12)
        }
        #expect(try wcs.resampled(width: 744, height: 377) == wcs)
    }

    @Test func rescalesPCAndCDMatricesByPixelAxis() throws {
        let header = Self.sharpLikeHeader(extra: [
            FITSCard(keyword: "PC1_1", double: 1), FITSCard(keyword: "PC1_2", double: 0.1),
            FITSCard(keyword: "PC2_1", double: -0.2), FITSCard(keyword: "PC2_2", double: 1),
            FITSCard(keyword: "CD1_2", double: 0.3),
        ])
        let wcs = try #require(try FITSWorldCoordinates(header: header, width: 10, height: 5))
        // s = (2, 4): PC_ij s_i / s_j, CD_ij / s_j.
        let map = try wcs.resampled(width: 20, height: 20)
        #expect(try number(map, "PC1_1") == 1 && number(map, "PC2_2") == 1)
        #expect(abs(try number(map, "PC1_2") - 0.05) < 1e-15)
        #expect(abs(try number(map, "PC2_1") - -0.4) < 1e-15)
        #expect(abs(try number(map, "CD1_2") - 0.075) < 1e-15)
        #expect(abs(try number(map, "CRPIX2") - ((189 - 0.5) * 4 + 0.5)) < 1e-12)
    }

    @Test func noCelestialAxesMeansNoWCSAndBadValuesAreTypedErrors() throws {
        #expect(try FITSWorldCoordinates(header: FITSHeader(cards: [FITSCard(keyword: "CDELT1", double: 1)]), width: 2, height: 2) == nil)
        let badPixel = Self.sharpLikeHeader(extra: [])
        var broken = badPixel
        broken.set(FITSCard(keyword: "CRPIX1", value: "'middle'"))
        #expect(throws: MagnetogramError.self) { try FITSWorldCoordinates(header: broken, width: 744, height: 377) }
        var zero = badPixel
        zero.set(FITSCard(keyword: "CDELT2", double: 0))
        #expect(throws: MagnetogramError.self) { try FITSWorldCoordinates(header: zero, width: 744, height: 377) }
        let wcs = try #require(try FITSWorldCoordinates(header: badPixel, width: 744, height: 377))
        #expect(throws: MagnetogramError.self) { try wcs.resampled(width: 0, height: 3) }
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipMessage))
    func realSHARPHeaderGivesItsWCS() throws {
        let image = try FITSReader().readImage(at: SharedData.path("sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits"))
        let wcs = try #require(try FITSWorldCoordinates(header: image.header, width: image.width, height: image.height))
        #expect(wcs.width == 744 && wcs.height == 377)
        for keyword in ["WCSNAME", "CTYPE1", "CRPIX1", "CDELT2", "CROTA2", "DATE-OBS", "T_OBS", "RSUN_REF", "DSUN_OBS", "CRLN_OBS", "CRLT_OBS"] {
            #expect(wcs.header.contains(keyword), "\(keyword)")
        }
        #expect(!wcs.header.contains("HARPNUM") && !wcs.header.contains("BUNIT"))
        let map = try wcs.resampled(width: 128, height: 128)
        #expect(abs(try number(map, "CRPIX1") - 64.5) < 1e-12)
        #expect(abs(try number(map, "CDELT2") - 0.088359375) < 1e-15)
    }
}
