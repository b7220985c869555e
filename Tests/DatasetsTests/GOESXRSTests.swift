import Foundation
import Testing

@testable import Datasets

/// Builds a small GOES SDAC-style XRS FITS file by hand (header cards, big-endian data), so the
/// reader is tested without the shared data and independently of any FITS writer.
enum XRSFITSBytes {
    static func card(_ keyword: String, _ value: String) -> String {
        var image = keyword.padding(toLength: 8, withPad: " ", startingAt: 0) + "= "
        image += value.count < 20 ? String(repeating: " ", count: 20 - value.count) + value : value
        return image.padding(toLength: 80, withPad: " ", startingAt: 0)
    }

    static func block(_ cards: [String]) -> Data {
        var text = cards.joined() + "END".padding(toLength: 80, withPad: " ", startingAt: 0)
        while text.utf8.count % 2880 != 0 { text += " " }
        return Data(text.utf8)
    }

    /// A primary HDU with `primaryCards` and a FLUXES table: TIME[N] (float64) and FLUX[N,2]
    /// (float32, channel fastest, TDIM2 = '(2,N)').
    static func file(times: [Double], long: [Float], short: [Float], primaryCards: [String], tableCards: [String] = []) -> Data {
        let n = times.count
        var data = block([card("SIMPLE", "T"), card("BITPIX", "8"), card("NAXIS", "0"), card("EXTEND", "T")] + primaryCards)
        data += block([
            card("XTENSION", "'BINTABLE'"), card("BITPIX", "8"), card("NAXIS", "2"), card("NAXIS1", "\(n * 16)"),
            card("NAXIS2", "1"), card("PCOUNT", "0"), card("GCOUNT", "1"), card("TFIELDS", "2"), card("EXTNAME", "'FLUXES'"),
            card("TTYPE1", "'TIME'"), card("TFORM1", "'\(n)D'"), card("TUNIT1", "'s'"),
            card("TTYPE2", "'FLUX'"), card("TFORM2", "'\(2 * n)E'"), card("TDIM2", "'(2,\(n))'"), card("TUNIT2", "'W /m**2'"),
        ] + tableCards)
        var bytes: [UInt8] = []
        for t in times { bytes += withUnsafeBytes(of: t.bitPattern.bigEndian, Array.init) }
        for i in 0..<n {
            bytes += withUnsafeBytes(of: long[i].bitPattern.bigEndian, Array.init)
            bytes += withUnsafeBytes(of: short[i].bitPattern.bigEndian, Array.init)
        }
        while bytes.count % 2880 != 0 { bytes.append(0) }
        return data + Data(bytes)
    }
}

@Suite("GOES XRS light curves")
struct GOESXRSTests {
    static let times: [Double] = [-0.038, 2.0, 4.05, 6.1, 8.2]
    static let long: [Float] = [1e-6, -99999, 3.25e-5, 0, 2e-6]
    static let short: [Float] = [1e-7, 2e-7, -99999, 5e-6, -1e-9]

    func write(_ data: Data) throws -> (URL, URL) {
        let folder = try CatalogTestData.temporaryFolder()
        let url = folder.appendingPathComponent("xrs.fits")
        try data.write(to: url)
        return (folder, url)
    }

    @Test func handBuiltFileGivesPeakTimeClassAndSkipsFill() throws {
        let (folder, url) = try write(XRSFITSBytes.file(
            times: Self.times, long: Self.long, short: Self.short,
            primaryCards: [XRSFITSBytes.card("TELESCOP", "'GOES 15 '"), XRSFITSBytes.card("DATE-OBS", "'07/06/2011'")]))
        defer { try? FileManager.default.removeItem(at: folder) }
        let curve = try GOESXRSLightCurve(contentsOf: url)
        #expect(curve.satellite == "GOES 15")
        let midnight = try CatalogTestData.instant("2011-06-07T00:00")
        // Dates are doubles counted from 2001: compare to the microsecond.
        #expect(zip(curve.times, Self.times).allSatisfy { abs($0.timeIntervalSince(midnight) - $1) < 1e-6 })
        #expect(curve.times.count == Self.times.count)
        #expect(curve.longFlux.map { $0 == nil } == [false, true, false, true, false])
        #expect(curve.shortFlux.map { $0 == nil } == [false, false, true, false, true])
        #expect(curve.invalidSampleCount(in: .long) == 2)
        let peak = try #require(curve.peak)
        #expect(peak.index == 2)
        #expect(peak.flux == Double(Float(3.25e-5)))
        #expect(abs(peak.time.timeIntervalSince(midnight) - 4.05) < 1e-6)
        #expect(peak.flareClass == (try FlareClass("M3.2")))
        let shortPeak = try #require(curve.peak(in: .short))
        #expect(shortPeak.index == 3 && shortPeak.flareClass == nil)
    }

    @Test func isoDateObsAndTimeZeroFallbackGiveTheSameDay() throws {
        let midnight = try CatalogTestData.instant("2011-06-07T00:00")
        let variants: [[String]] = [
            [XRSFITSBytes.card("DATE-OBS", "'2011-06-07T00:00:00.000'")],
            [XRSFITSBytes.card("DATE-OBS", "'2011-06-07'")],
            [],  // TIMEZERO of the table (MJD 55719)
        ]
        for cards in variants {
            let (folder, url) = try write(XRSFITSBytes.file(
                times: Self.times, long: Self.long, short: Self.short, primaryCards: cards,
                tableCards: cards.isEmpty ? [XRSFITSBytes.card("TIMEZERO", "55719")] : []))
            defer { try? FileManager.default.removeItem(at: folder) }
            let first = try #require(try GOESXRSLightCurve(contentsOf: url).times.first)
            #expect(abs(first.timeIntervalSince(midnight) + 0.038) < 1e-6, "\(cards)")
        }
        #expect(GOESXRSLightCurve.observationDay(dateObs: "31/12/99") == CatalogText.days(year: 1999, month: 12, day: 31))
        #expect(GOESXRSLightCurve.observationDay(dateObs: "31/02/2011") == nil)
        #expect(GOESXRSLightCurve.observationDay(dateObs: "June 7") == nil)
    }

    @Test func missingDateOrTableIsAnErrorNamingTheFile() throws {
        let (folder, url) = try write(XRSFITSBytes.file(times: Self.times, long: Self.long, short: Self.short, primaryCards: []))
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try GOESXRSLightCurve(contentsOf: url)
            Issue.record("expected an error")
        } catch let error as DatasetsError {
            #expect(error.description.contains("xrs.fits") && error.description.contains("DATE-OBS"))
        }
        let notFITS = folder.appendingPathComponent("x.fits")
        try Data("hello".utf8).write(to: notFITS)
        #expect(throws: (any Error).self) { try GOESXRSLightCurve(contentsOf: notFITS) }
        #expect(throws: DatasetsError.self) {
            try GOESXRSLightCurve(times: [Date()], longFlux: [1e-6, 2e-6], shortFlux: [1e-7])
        }
    }

    @Test(.enabled(if: CatalogTestData.isAvailable, CatalogTestData.skipMessage))
    func realGOES15DayMatchesItsReference() throws {
        let reference = try CatalogTestData.reference("go1520110607.fits")
        let curve = try GOESXRSLightCurve(contentsOf: CatalogTestData.url("goes_xrs/go1520110607.fits"))
        #expect(curve.times.count == reference["n_samples"] as? Int)
        #expect(curve.satellite == "GOES 15")
        let midnight = try CatalogTestData.instant("2011-06-07T00:00")
        for (channel, key) in [(GOESXRSLightCurve.Channel.long, "long_1_8A"), (.short, "short_0.5_4A")] {
            let expected = try #require(reference[key] as? [String: Any])
            let peak = try #require(curve.peak(in: channel))
            #expect(peak.index == expected["peak_index"] as? Int)
            let flux = try #require(expected["peak_flux_W_m2"] as? Double)
            #expect(abs(peak.flux - flux) <= 1e-15 * flux)
            let seconds = try #require(expected["peak_time_seconds_of_day"] as? Double)
            #expect(abs(peak.time.timeIntervalSince(midnight) - seconds) < 1e-5)
            let text = try #require(expected["peak_time_utc"] as? String)
            #expect(UTCInstantText.format(peak.time, milliseconds: true) == text + "Z")
            #expect(curve.invalidSampleCount(in: channel) == expected["n_fill_or_nonpositive"] as? Int)
            let valid = curve.flux(in: channel).compactMap { $0 }
            let minimum = try #require(expected["min_valid_flux"] as? Double)
            #expect(abs((valid.min() ?? 0) - minimum) <= 1e-15 * minimum)
            let mean = valid.reduce(0, +) / Double(valid.count)
            #expect(abs(mean - (expected["mean_valid_flux"] as? Double ?? 0)) < 1e-9 * mean)
        }
        let long = try #require(reference["long_1_8A"] as? [String: Any])
        #expect(curve.peak?.flareClass?.description == long["peak_goes_class"] as? String)
    }
}
