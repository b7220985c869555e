import Foundation
import Testing
@testable import Magnetogram

@Suite("SHARP metadata and JSOC times")
struct SHARPMetadataTests {
    func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Double) -> Date {
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute, components.second) = (hour, minute, 0)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)!.addingTimeInterval(second)
    }

    @Test func jsocTimesBecomeUTCInstants() {
        // 2011: TAI - UTC = 34 s.
        #expect(JSOCTime.date(from: "2011.02.15_02:00:00_TAI") == utc(2011, 2, 15, 1, 59, 26))
        #expect(JSOCTime.date(from: "2011.02.15_02:00:00.000_TAI") == utc(2011, 2, 15, 1, 59, 26))
        // 2024: 37 s; fractional seconds kept.
        let date = JSOCTime.date(from: "2024.06.28_00:00:08.212_TAI")
        #expect(abs((date?.timeIntervalSince1970 ?? 0) - utc(2024, 6, 27, 23, 59, 31.212).timeIntervalSince1970) < 1e-6)
        #expect(JSOCTime.date(from: "2011.02.15_02:00:00_UTC") == utc(2011, 2, 15, 2, 0, 0))
        let iso = JSOCTime.date(from: "2011-02-15T01:58:12.30")?.timeIntervalSince1970 ?? 0
        #expect(abs(iso - utc(2011, 2, 15, 1, 58, 12.3).timeIntervalSince1970) < 1e-6)
        #expect(JSOCTime.date(from: "1993.01.01_00:00:00_TAI") == utc(1992, 12, 31, 23, 59, 33))
        // Around the 2017 leap second: TAI 2017-01-01 00:00:37 is UTC midnight.
        #expect(JSOCTime.date(from: "2017.01.01_00:00:37_TAI") == utc(2017, 1, 1, 0, 0, 0))
        #expect(JSOCTime.date(from: "2016.12.31_23:59:59_TAI") == utc(2016, 12, 31, 23, 59, 23))
        #expect(JSOCTime.taiMinusUTC(atUTC: utc(2011, 6, 1, 0, 0, 0)) == 34)
        #expect(JSOCTime.taiMinusUTC(atUTC: utc(2020, 1, 1, 0, 0, 0)) == 37)
        for bad in ["", "2011.02.30_00:00:00_TAI", "2011.13.01_TAI", "2011.02.15_25:00:00_TAI", "yesterday", "2011.02.15_02:00:xx_TAI"] {
            #expect(JSOCTime.date(from: bad) == nil, "\(bad)")
        }
    }

    @Test func readsEveryFieldAndMissingIsNil() throws {
        let header = try FITSHeader(textDump: """
            HARPNUM =                  377
            NOAA_AR =                11158
            NOAA_ARS= '11158,11159, 11160'
            T_REC   = '2011.02.15_02:00:00_TAI'
            T_OBS   = '2011.02.15_01:59:54_TAI'
            QUALITY =                    0
            OBS_VR  = 3047.616274
            CRVAL1  = 34.879105
            CDELT1  = 0.030000
            USFLUX  = 2.714760e+22
            LAT_FWT = nan
            BUNIT   = 'Mx/cm^2'
            """, path: "h")
        let metadata = try SHARPMetadata(header: header, path: "h")
        #expect(metadata.harpNumber == 377 && metadata.noaaRegion == 11158)
        #expect(metadata.noaaRegions == [11158, 11159, 11160])
        #expect(metadata.recordTime == utc(2011, 2, 15, 1, 59, 26))
        #expect(metadata.observationTime == utc(2011, 2, 15, 1, 59, 20))
        #expect(metadata.quality == 0 && metadata.observerRadialVelocity == 3047.616274)
        #expect(metadata.referenceLongitude == 34.879105 && metadata.pixelScaleX == 0.03)
        #expect(metadata.unsignedFlux == 2.71476e22 && metadata.fluxWeightedLatitude?.isNaN == true)
        #expect(metadata.unit == "Mx/cm^2")
        #expect(metadata.referenceLatitude == nil && metadata.pixelScaleY == nil && metadata.activeRegionArea == nil)
        #expect(try SHARPMetadata(header: FITSHeader(cards: []), path: "empty") == SHARPMetadata())
    }

    @Test(arguments: [
        ("HARPNUM = 'abc'", "HARPNUM"), ("NOAA_ARS= '11158,x'", "NOAA_ARS"), ("T_REC   = 'not a time'", "T_REC"),
        ("T_OBS   = 12", "T_OBS"), ("USFLUX  = 1e22e", "USFLUX"), ("QUALITY = 'bad'", "QUALITY"), ("BUNIT   = 5", "BUNIT"),
    ])
    func unreadableKeywordThrowsNamingIt(card: String, keyword: String) throws {
        let header = try FITSHeader(textDump: card, path: "bad.fits")
        let error = try #require(throws: MagnetogramError.self) { try SHARPMetadata(header: header, path: "bad.fits") }
        guard case let .invalidKeyword(path, name, _, _) = error else {
            Issue.record("expected invalidKeyword, got \(error)")
            return
        }
        #expect(path == "bad.fits" && name == keyword)
        #expect(error.description.contains(keyword) && error.description.contains("bad.fits"))
    }

    @Test func qualityAsHexString() throws {
        let header = try FITSHeader(textDump: "QUALITY = '0x00000400'", path: "h")
        #expect(try SHARPMetadata(header: header, path: "h").quality == 1024)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipMessage))
    func realSharpFileAndHeaderDumps() throws {
        let path = SharedData.path("sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits")
        let image = try FITSReader().readImage(at: path)
        let metadata = try SHARPMetadata(header: image.header, path: path)
        #expect(metadata.harpNumber == 377 && metadata.noaaRegion == 11158 && metadata.noaaRegions == [11158])
        #expect(metadata.recordTime == utc(2011, 2, 15, 1, 59, 26))
        #expect(metadata.unsignedFlux == 2.71476e22 && metadata.activeRegionArea == 1101.346313)
        #expect(metadata.solarRadiusReference == 696_000_000 && metadata.sunDistance == 147_746_220_503.41)
        #expect(metadata.pixelScaleX == 0.03 && metadata.referencePixelY == 189)
        #expect(metadata.fluxWeightedLongitude == 12.77996 && metadata.unit == "Mx/cm^2")

        let dump = try FITSHeader(contentsOfTextDump: SharedData.path("headers/hmi_cea_sharp_magnetogram.header"))
        let fromDump = try SHARPMetadata(header: dump, path: "dump")
        #expect(fromDump.harpNumber == 11465 && fromDump.noaaRegions == [13733])
        #expect(fromDump.recordTime == utc(2024, 6, 27, 23, 59, 23))
        #expect(fromDump.unsignedFlux == 1.99282158e21 && fromDump.observerRadialVelocity == 2669.484835845205)

        let bitmap = try FITSReader().readImage(at: SharedData.path("sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.bitmap.fits"))
        #expect(try SHARPMetadata(header: bitmap.header, path: "bitmap").unit == "")
    }
}
