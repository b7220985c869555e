import Foundation
import Testing
@testable import Magnetogram

@Suite("flarekit inspect: the library computation")
struct FITSInspectionTests {
    static let keys: Set<String> = [
        "hdu", "shape", "bitpix", "compressed", "nan_count", "infinite_count", "finite_count", "min", "max", "mean", "sum_abs", "keywords",
    ]

    func object(_ inspection: FITSInspection) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: inspection.jsonData()) as? [String: Any])
    }

    @Test func handMadeFileGivesTheJSONKeys() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.fits").path
        let cards = [
            FITSBytes.card("HARPNUM", "12"), FITSBytes.card("NOAA_ARS", "'11158'"), FITSBytes.card("LAT_FWT", "nan"),
            FITSBytes.card("GWILL", ""), FITSBytes.card("LON_FWT", ""), FITSBytes.card("BUNIT", "'G'"),
        ]
        try FITSBytes.image(bitpix: -32, axes: [3, 2], values: [1, -2, .nan, 4, 0.5, -0.5], cards: cards)
            .write(to: URL(fileURLWithPath: path))
        let inspection = try FITSInspection(path: path)
        let json = try object(inspection)
        #expect(Set(json.keys) == Self.keys)
        #expect(json["hdu"] as? Int == 0 && json["shape"] as? [Int] == [2, 3] && json["bitpix"] as? Int == -32)
        #expect(json["compressed"] as? Bool == false)
        #expect(json["nan_count"] as? Int == 1 && json["finite_count"] as? Int == 5)
        #expect(json["min"] as? Double == -2 && json["max"] as? Double == 4)
        #expect(json["mean"] as? Double == 0.6 && json["sum_abs"] as? Double == 8)
        let keywords = try #require(json["keywords"] as? [String: Any])
        #expect(Set(keywords.keys) == ["HARPNUM", "NOAA_ARS", "LAT_FWT", "LON_FWT", "BUNIT"])
        #expect(keywords["HARPNUM"] as? Int == 12)
        #expect(keywords["NOAA_ARS"] as? String == "11158")
        #expect(keywords["LAT_FWT"] is NSNull && keywords["LON_FWT"] is NSNull)
        #expect(keywords["BUNIT"] as? String == "G")
        #expect(inspection.text.contains("hdu: 0") && inspection.text.contains("HARPNUM  = 12"))
    }

    /// A float image with +inf and -inf: they are counted apart from NaN and left out of the
    /// statistics of the finite pixels.
    @Test func infinitiesAreCountedApartFromNaN() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("inf.fits").path
        try FITSBytes.image(bitpix: -32, axes: [3, 2], values: [1, .infinity, .nan, -.infinity, 3, .nan], cards: [])
            .write(to: URL(fileURLWithPath: path))
        let inspection = try FITSInspection(path: path)
        let json = try object(inspection)
        #expect(json["nan_count"] as? Int == 2 && json["infinite_count"] as? Int == 2 && json["finite_count"] as? Int == 2)
        #expect(json["min"] as? Double == 1 && json["max"] as? Double == 3 && json["mean"] as? Double == 2)
        #expect(inspection.text.contains("pixels: 2 finite, 2 NaN, 2 infinite"), "\(inspection.text)")
    }

    @Test func allNaNImageHasNullStatistics() throws {
        let image = try FITSImage(path: "nan", width: 2, height: 1, pixels: [.nan, .nan])
        let json = try object(FITSInspection(image: image))
        #expect(json["nan_count"] as? Int == 2 && json["finite_count"] as? Int == 0)
        #expect(json["min"] is NSNull && json["mean"] is NSNull && json["sum_abs"] is NSNull)
    }

    @Test func badFileErrorNamesTheFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("page.fits").path
        try Data("<html>gone</html>".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: MagnetogramError.self) { try FITSInspection(path: path) }
        #expect(error.description.hasPrefix(path))
        #expect(!error.description.contains("\n"))
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipMessage),
          arguments: [
            "sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits",
            "sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.bitmap.fits", "fulldisk/resampled_hmi.fits",
            "fits_conformance/compressed_with_nan.fits",
          ])
    func jsonMatchesTheReference(_ file: String) throws {
        let reference = try SharedData.reference(URL(fileURLWithPath: file).lastPathComponent)
        let image = try #require(reference["image"] as? [String: Any])
        let json = try object(FITSInspection(path: SharedData.path(file)))
        #expect(Set(json.keys) == Self.keys)
        #expect(json["hdu"] as? Int == image["hdu_index"] as? Int)
        #expect(json["shape"] as? [Int] == image["shape_numpy_rows_cols"] as? [Int])
        #expect(json["bitpix"] as? Int == image["BITPIX"] as? Int)
        #expect(json["compressed"] as? Bool == image["compressed"] as? Bool)
        #expect(json["nan_count"] as? Int == image["nan_count"] as? Int)
        #expect(json["finite_count"] as? Int == image["finite_count"] as? Int)
        var worst = 0.0
        for (key, referenceKey) in [("min", "min_finite"), ("max", "max_finite"), ("mean", "mean_finite"), ("sum_abs", "sum_abs_finite")] {
            let actual = try #require(json[key] as? Double)
            let expected = try #require(image[referenceKey] as? Double)
            worst = max(worst, relativeDifference(actual, expected))
            #expect(relativeDifference(actual, expected) <= 1e-6, "\(key): \(actual) vs \(expected)")
        }
        // Keywords: every SHARP keyword the reference has (non-null), with the same value.
        let keywords = try #require(json["keywords"] as? [String: Any])
        let expectedKeywords = try #require(reference["header_keywords"] as? [String: Any])
        let present = expectedKeywords.filter { SHARPMetadata.headerKeywords.contains($0.key) && !($0.value is NSNull) }
        #expect(Set(keywords.keys) == Set(present.keys))
        for (keyword, value) in present {
            if let text = value as? String {
                #expect(keywords[keyword] as? String == text, "\(keyword)")
            } else if let number = value as? Double {
                let actual = try #require(keywords[keyword] as? Double, "\(keyword)")
                #expect(relativeDifference(actual, number) <= 1e-12, "\(keyword)")
            }
        }
        reportDifference("inspect \(file)", worst)
    }
}
