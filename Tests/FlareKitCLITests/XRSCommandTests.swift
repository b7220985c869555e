import Foundation
import Testing

/// `flarekit xrs` end to end: a small GOES-style FITS file built by hand (always) and the real
/// GOES-15 day of 2011-06-07 (when ../shared/data is beside the checkout).
@Suite("flarekit xrs (end to end)")
struct XRSCommandTests {
    static let sharedData = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

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

    /// An SDAC-layout file: DATE-OBS in the primary header, FLUXES with TIME[N] and FLUX[N,2].
    static func fits(times: [Double], long: [Float], short: [Float]) -> Data {
        let n = times.count
        var data = block([card("SIMPLE", "T"), card("BITPIX", "8"), card("NAXIS", "0"), card("DATE-OBS", "'24/10/2014'")])
        data += block([
            card("XTENSION", "'BINTABLE'"), card("BITPIX", "8"), card("NAXIS", "2"), card("NAXIS1", "\(n * 16)"),
            card("NAXIS2", "1"), card("PCOUNT", "0"), card("GCOUNT", "1"), card("TFIELDS", "2"), card("EXTNAME", "'FLUXES'"),
            card("TTYPE1", "'TIME'"), card("TFORM1", "'\(n)D'"), card("TTYPE2", "'FLUX'"), card("TFORM2", "'\(2 * n)E'"),
            card("TDIM2", "'(2,\(n))'"),
        ])
        var bytes: [UInt8] = []
        for t in times { bytes += withUnsafeBytes(of: t.bitPattern.bigEndian, Array.init) }
        for i in 0..<n {
            bytes += withUnsafeBytes(of: long[i].bitPattern.bigEndian, Array.init)
            bytes += withUnsafeBytes(of: short[i].bitPattern.bigEndian, Array.init)
        }
        while bytes.count % 2880 != 0 { bytes.append(0) }
        return data + Data(bytes)
    }

    /// The first number after `"key":` in JSON text, parsed with Swift's exact `Double(String)`
    /// (Foundation's JSON parser on Linux can be one unit in the last place off).
    static func number(_ key: String, in json: String) -> Double? {
        guard let range = json.range(of: "\"\(key)\"") else { return nil }
        let rest = json[range.upperBound...].drop { $0 == ":" || $0 == " " || $0 == "\n" }
        return Double(String(rest.prefix { "0123456789+-.eE".contains($0) }))
    }

    @Test func handBuiltFileGivesPeakFluxTimeAndClass() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("xrs.fits")
        // 21:41:02.5 = 78062.5 s; 2^-12 W/m^2 = 2.44140625e-4 (exact in float32) is X2.4; the fill
        // value at a larger index must not win.
        try Self.fits(times: [0, 78062.5, 78064.5, 80000], long: [1e-6, 0x1p-12, -99999, 3e-6], short: [1e-7, 5e-5, 1e-5, -99999])
            .write(to: file)
        let result = try runFlareKit(["xrs", file.path, "--json"])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["peak_flux", "peak_time", "class"])
        #expect(Self.number("peak_flux", in: result.standardOutput) == 0x1p-12)
        #expect(object["peak_time"] as? String == "2014-10-24T21:41:02.500Z")
        #expect(object["class"] as? String == "X2.4")

        let text = try runFlareKit(["xrs", file.path])
        #expect(text.status == 0 && text.standardOutput.contains("X2.4"))

        let bad = try runFlareKit(["xrs", folder.appendingPathComponent("none.fits").path])
        #expect(bad.status == 66)
        #expect(bad.standardError.split(separator: "\n").count == 1 && bad.standardError.contains("none.fits"))

        // A curve without one valid 1-8 A flux is an input the command cannot read (65), named.
        let empty = folder.appendingPathComponent("fill.fits")
        try Self.fits(times: [0, 2], long: [-99999, 0], short: [1e-7, 1e-7]).write(to: empty)
        let fill = try runFlareKit(["xrs", empty.path])
        #expect(fill.status == 65, "\(fill.standardError)")
        #expect(fill.standardError == "flarekit: error: \(empty.path): the 1-8 Angstrom channel has no valid sample (every flux is a fill value or not positive)\n")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("goes_xrs/go1520110607.fits").path),
                   "../shared/data is absent: skipped"))
    func realGOES15DayMatchesItsReference() throws {
        let referenceText = try String(
            contentsOf: Self.sharedData.appendingPathComponent("reference/go1520110607.fits.json"), encoding: .utf8)
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(referenceText.utf8)) as? [String: Any])
        let long = try #require(reference["long_1_8A"] as? [String: Any])
        let result = try runFlareKit(["xrs", Self.sharedData.appendingPathComponent("goes_xrs/go1520110607.fits").path, "--json"])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(Self.number("peak_flux", in: result.standardOutput) == Self.number("peak_flux_W_m2", in: referenceText))
        #expect(object["peak_time"] as? String == "\(try #require(long["peak_time_utc"] as? String))Z")
        #expect(object["class"] as? String == long["peak_goes_class"] as? String)
    }
}
