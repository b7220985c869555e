import Foundation
import Magnetogram
import NeuralCore
import Testing

@testable import Interpretability

/// Map files that carry their magnetogram's WCS and SHARP keys and how they were made, on the
/// synthetic source of `Tests/Fixtures/maps/` (known WCS, made by
/// Scripts/fixtures/make_fits_map_fixtures.py).
@Suite("Sensitivity maps: FITS provenance and WCS")
struct SensitivityMapFITSTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/maps")
    static let source = fixtures.appendingPathComponent("source.magnetogram.fits")

    /// The 16 x 16 map of the committed fixture: values (x - 7) (y + 1), so both signs occur.
    static func fixtureMap() throws -> SensitivityMap {
        let values = (0..<256).map { (i: Int) -> Float in Float(i % 16 - 7) * Float(i / 16 + 1) }
        return try SensitivityMap(unnormalized: values, width: 16, height: 16)
    }

    static func provenance(source: SensitivityMapSource?) -> SensitivityMapProvenance {
        SensitivityMapProvenance(
            method: .occlusion, target: "probability", weights: "/runs/cnn2/fold0/cnn2_fold0.safetensors",
            input: "/data/source.magnetogram.fits", source: source)
    }

    @Test func mapCarriesTheRescaledWCSTheSHARPKeysAndTheProvenance() throws {
        let folder = try temporaryFolder("map-wcs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try SensitivityMapSource(fitsAt: Self.source.path)
        #expect(source.width == 40 && source.height == 20)
        let url = folder.appendingPathComponent("map.fits")
        try Self.fixtureMap().write(to: url, provenance: Self.provenance(source: source))
        let header = try FITSReader().readImage(at: url.path).header
        // 40 x 20 -> 16 x 16 (s = 0.4, 0.8), by hand: CRPIX1 (18.5 - 0.5) 0.4 + 0.5 = 7.7,
        // CRPIX2 (11 - 0.5) 0.8 + 0.5 = 8.9, CDELT1 0.03 / 0.4 = 0.075, CDELT2 0.03 / 0.8 = 0.0375.
        #expect(abs(try #require(try header.double("CRPIX1")) - 7.7) < 1e-12)
        #expect(abs(try #require(try header.double("CRPIX2")) - 8.9) < 1e-12)
        #expect(abs(try #require(try header.double("CDELT1")) - 0.075) < 1e-15)
        #expect(abs(try #require(try header.double("CDELT2")) - 0.0375) < 1e-15)
        #expect(try header.double("CRVAL1") == 34.879105 && header.double("CRVAL2") == -21.0769)
        #expect(try header.string("CTYPE1") == "CRLN-CEA" && header.string("CTYPE2") == "CRLT-CEA")
        #expect(try header.string("DATE-OBS") == "2011-02-15T01:58:12.30" && header.double("CRLN_OBS") == 21.725103)
        #expect(try header.integer("HARPNUM") == 377 && header.string("NOAA_ARS") == "11158")
        #expect(try header.string("T_REC") == "2011.02.15_02:00:00_TAI" && header.integer("NOAA_AR") == 11158)
        #expect(try header.integer("NOAA_NUM") == 1)
        #expect(try header.string("MAPMETH") == "occlusion" && header.string("MAPTARG") == "probability")
        #expect(try header.string("WEIGHTS") == "cnn2_fold0.safetensors")
        #expect(try header.string("FLKVER") == FlareKitVersion.current)
        #expect(try header.string("SRCFILE") == "source.magnetogram.fits")
        // The map's own unit, not the magnetogram's; the instrument keys are not copied.
        #expect(try header.string("BUNIT") == "")
        #expect(!header.contains("TELESCOP") && !header.contains("CONTENT") && !header.contains("MAPLAYER"))
        #expect(header.cards.contains { $0.keyword == "HISTORY" && $0.comment.contains("40x20") })
    }

    @Test func aMapWithoutFITSSourceHasNoWCSAndSaysSo() throws {
        let folder = try temporaryFolder("map-no-wcs")
        defer { try? FileManager.default.removeItem(at: folder) }
        var provenance = Self.provenance(source: nil)
        provenance.method = .gradCAM
        provenance.layer = "inception2"
        #expect(!provenance.hasWorldCoordinates)
        let url = folder.appendingPathComponent("map.fits")
        try Self.fixtureMap().write(to: url, provenance: provenance)
        let header = try FITSReader().readImage(at: url.path).header
        #expect(!header.contains("CTYPE1") && !header.contains("CRPIX1") && !header.contains("HARPNUM"))
        #expect(try header.string("MAPMETH") == "grad-cam" && header.string("MAPLAYER") == "inception2")
        #expect(header.cards.contains { $0.keyword == "COMMENT" && $0.comment == SensitivityMapProvenance.noWCSComment })
        // The same map at its source's size keeps the WCS as it is.
        let source = try SensitivityMapSource(fitsAt: Self.source.path)
        let cards = try Self.provenance(source: source).cards(width: 40, height: 20)
        #expect(cards.first { $0.keyword == "CRPIX1" }?.value == "18.5")
        #expect(!cards.contains { $0.keyword == "HISTORY" })
    }

    /// The committed `swift_map.fits` that Scripts/fixtures/make_fits_map_fixtures.py --check
    /// reads with astropy and sunpy; remade with FLAREKIT_WRITE_MAP_FIXTURES=1, otherwise
    /// compared with what the writer gives now (every card but FLKVER, and the pixels).
    @Test func committedMapFixture() throws {
        let folder = try temporaryFolder("map-fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let map = try Self.fixtureMap()
        let provenance = Self.provenance(source: try SensitivityMapSource(fitsAt: Self.source.path))
        let fixture = Self.fixtures.appendingPathComponent("swift_map.fits")
        if ProcessInfo.processInfo.environment["FLAREKIT_WRITE_MAP_FIXTURES"] != nil {
            try map.write(to: fixture, provenance: provenance)
        }
        let fresh = folder.appendingPathComponent("map.fits")
        try map.write(to: fresh, provenance: provenance)
        let (committed, now) = (try FITSReader().readImage(at: fixture.path), try FITSReader().readImage(at: fresh.path))
        #expect(committed.width == 16 && committed.height == 16 && committed.pixels == now.pixels)
        #expect(committed.header.cards.filter { $0.keyword != "FLKVER" } == now.header.cards.filter { $0.keyword != "FLKVER" })
    }
}
