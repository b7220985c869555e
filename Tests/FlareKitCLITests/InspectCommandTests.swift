import Foundation
import Testing

/// `flarekit inspect` end to end: the JSON keys on a real SHARP file (when ../shared/data is
/// beside the checkout) and the one-line error on a file that is not FITS.
@Suite("flarekit inspect (end to end)")
struct InspectCommandTests {
    static let sharedData = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedData.path), "../shared/data is absent: skipped"))
    func jsonKeysOfARealSHARPFile() throws {
        let file = Self.sharedData.appendingPathComponent("sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits")
        let result = try runFlareKit(["inspect", file.path, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["hdu", "shape", "bitpix", "compressed", "nan_count", "infinite_count", "finite_count", "min", "max", "mean", "sum_abs", "keywords"])
        #expect(object["shape"] as? [Int] == [377, 744])
        let keywords = try #require(object["keywords"] as? [String: Any])
        #expect(keywords["NOAA_ARS"] as? String == "11158")
        #expect(keywords["HARPNUM"] as? Int == 377)
    }

    @Test func aFileThatIsNotFITSGivesOneLineAndStatus65() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let result = try runFlareKit(["inspect", readme.path])
        #expect(result.status == 65)
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(result.standardError.contains("README.md") && result.standardError.contains("not a FITS file"))
    }
}
