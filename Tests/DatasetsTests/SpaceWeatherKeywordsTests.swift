import Foundation
import Magnetogram
import Testing

@testable import Datasets

/// The SHARP space-weather keywords the index keeps (USFLUX ... AREA_ACR): both header paths,
/// the real file, the cache version, the synthetic archive.
@Suite("SHARP space-weather keywords")
struct SpaceWeatherKeywordsTests {
    static let realFile = ArchiveTestSupport.sharedData.appendingPathComponent(
        "sharp/hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits")

    @Test func namesValuesAndNonFiniteValues() {
        var keywords = SHARPSpaceWeatherKeywords()
        #expect(SHARPSpaceWeatherKeywords.keywords.count == 18 && Set(SHARPSpaceWeatherKeywords.keywords).count == 18)
        #expect(keywords.missingKeywords == SHARPSpaceWeatherKeywords.keywords)
        keywords[keyword: "MEANGAM"] = 12.5
        keywords[keyword: "R_VALUE"] = .nan
        keywords[keyword: "TOTPOT"] = .infinity
        keywords[keyword: "NOT_A_KEYWORD"] = 3
        #expect(keywords.meangam == 12.5 && keywords.rValue == nil && keywords.totpot == nil)
        #expect(keywords[keyword: "NOT_A_KEYWORD"] == nil)
        #expect(keywords.values.compactMap { $0 } == [12.5])
        #expect(keywords.values[1] == 12.5)
    }

    /// Odd spellings in both paths: `D` exponents, lowercase `e`, bare `nan`, a trailing point,
    /// a missing keyword; a keyword that is not a number makes the file an error in both.
    @Test func bothHeaderPathsReadTheKeywordsAlike() throws {
        let folder = try ArchiveTestSupport.temporaryFolder("keywords")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("hmi.sharp_cea_720s.12.20110215_020000_TAI.magnetogram.fits").path
        let base = [
            FITSCard(keyword: "T_REC", string: "2011.02.15_02:00:00_TAI"), FITSCard(keyword: "HARPNUM", integer: 12),
            FITSCard(keyword: "USFLUX", value: "2.714760e+22"), FITSCard(keyword: "MEANGAM", value: "5.9699D+01"),
            FITSCard(keyword: "TOTPOT", value: "8.838948e+23"), FITSCard(keyword: "R_VALUE", value: "nan"),
            FITSCard(keyword: "SHRGT45", value: "58."), FITSCard(keyword: "MEANJZD", double: -0.25),
            FITSCard(keyword: "AREA_ACR", value: "720."),
        ]
        try FITSWriter().write([Float](repeating: 3, count: 20 * 10), width: 20, height: 10, cards: base, to: path)
        let name = SHARPFileName(parsing: URL(fileURLWithPath: path).lastPathComponent)
        let fast = try #require(SHARPHeaderScanner.observation(path: path, fileName: name))
        let slow = try SHARPObservation(contentsOf: path)
        #expect(fast == slow)
        let keywords = try #require(slow.spaceWeatherKeywords)
        #expect(keywords.usflux == 2.71476e22 && keywords.meangam == 59.699 && keywords.totpot == 8.838948e23)
        #expect(keywords.rValue == nil && keywords.shrgt45 == 58 && keywords.meanjzd == -0.25 && keywords.areaAcr == 720)
        #expect(keywords.missingKeywords.count == 18 - 6)   // seven written, R_VALUE nan

        // Not a number: the scanner hands the file over and the reader refuses it.
        try FITSWriter().write(
            [Float](repeating: 3, count: 20 * 10), width: 20, height: 10,
            cards: base + [FITSCard(keyword: "MEANSHR", string: "wide")], to: path)
        #expect(SHARPHeaderScanner.observation(path: path, fileName: name) == nil)
        #expect(throws: MagnetogramError.self) { try SHARPObservation(contentsOf: path) }
    }

    @Test(.enabled(if: ArchiveTestSupport.sharedDataAvailable, "../shared/data (the real SHARP file) is absent: skipped"))
    func theRealSHARPFileHasEveryKeywordButRValue() throws {
        let path = Self.realFile.path
        let name = SHARPFileName(parsing: Self.realFile.lastPathComponent)
        let slow = try SHARPObservation(contentsOf: path)
        #expect(SHARPHeaderScanner.observation(path: path, fileName: name) == slow)
        let keywords = try #require(slow.spaceWeatherKeywords)

        // The reference JSON (astropy) for the two keywords it lists, and its list of bare nans.
        let data = try Data(contentsOf: ArchiveTestSupport.sharedData.appendingPathComponent(
            "reference/hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits.json"))
        let reference = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let header = try #require(reference["header_keywords"] as? [String: Any])
        #expect(keywords.usflux == header["USFLUX"] as? Double)
        #expect(keywords.areaAcr == header["AREA_ACR"] as? Double)
        let nonstandard = try #require(reference["nonstandard_header_values"] as? [String: [String]])
        #expect(nonstandard["keywords_with_bare_nan_or_inf"]?.contains("R_VALUE") == true)
        #expect(keywords.rValue == nil)
        #expect(keywords.missingKeywords == ["R_VALUE"])
        // The others as the header writes them.
        let expected: [String: Double] = [
            "MEANGAM": 59.699, "MEANGBT": 93.508, "MEANGBZ": 100.523, "MEANGBH": 67.188, "MEANJZD": 0.26992074,
            "TOTUSJZ": 6.287423e13, "MEANALP": 0.03976294, "MEANJZH": 0.01801569, "TOTUSJH": 3330.155, "ABSNJZH": 823.317,
            "SAVNCPP": 2.009455e13, "MEANPOT": 1.456275e4, "TOTPOT": 8.838948e23, "MEANSHR": 52.548, "SHRGT45": 58.823,
        ]
        for (keyword, value) in expected {
            #expect(keywords[keyword: keyword] == value, "\(keyword)")
        }
    }

    /// A version-1 cache (before the keywords) is not reused: every header is read again, so
    /// unchanged files do not come back without keywords.
    @Test func aCacheWrittenBeforeTheKeywordsIsRebuilt() throws {
        let folder = try ArchiveTestSupport.temporaryFolder("keywords-cache")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = SyntheticArchive.Configuration.small
        configuration.regionCount = 3
        let summary = try SyntheticArchive(configuration: configuration).generate(into: folder)
        let sharp = URL(fileURLWithPath: summary.magnetogramFolder)
        let first = try ArchiveIndex(scanning: sharp)
        #expect(first.observations.allSatisfy { $0.spaceWeatherKeywords != nil })

        // Make the cache look like one FlareKit wrote before: version 1, no keywords.
        let cacheURL = sharp.appendingPathComponent(ArchiveIndex.cacheFileName)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: cacheURL)) as? [String: Any])
        #expect(object["version"] as? Int == 3)   // 3: with each file's SHARPMagnetogramCheck findings
        object["version"] = 1
        var entries = try #require(object["entries"] as? [[String: Any]])
        for index in entries.indices {
            guard var observation = entries[index]["observation"] as? [String: Any] else { continue }
            observation["spaceWeatherKeywords"] = nil
            entries[index]["observation"] = observation
        }
        object["entries"] = entries
        try JSONSerialization.data(withJSONObject: object).write(to: cacheURL)

        let second = try ArchiveIndex(scanning: sharp)
        #expect(second.report.headersRead == second.report.magnetogramFiles)
        #expect(second.report.cacheStatus == .created)
        #expect(second.observations == first.observations)
        #expect(try ArchiveIndex(scanning: sharp).report.headersRead == 0)
    }

    /// The synthetic archive writes every keyword, plausibly, and both paths read them alike.
    @Test func syntheticArchiveWritesPlausibleKeywords() throws {
        let folder = try ArchiveTestSupport.temporaryFolder("keywords-synthetic")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = SyntheticArchive.Configuration.small
        configuration.regionCount = 4
        let summary = try SyntheticArchive(configuration: configuration).generate(into: folder)
        let sharp = URL(fileURLWithPath: summary.magnetogramFolder)
        let fast = try ArchiveIndex(scanning: sharp, options: .init(cache: .disabled))
        let slow = try ArchiveIndex(scanning: sharp, options: .init(cache: .disabled, fastHeaderScan: false))
        #expect(fast.observations == slow.observations && !fast.observations.isEmpty)
        for observation in fast.observations {
            let keywords = try #require(observation.spaceWeatherKeywords)
            #expect(keywords.missingKeywords.isEmpty, "\(observation.path)")
            #expect(keywords.usflux == observation.unsignedFlux && keywords.areaAcr == observation.areaMicroHemispheres)
            #expect((0...90).contains(keywords.meangam ?? -1) && (0...90).contains(keywords.meanshr ?? -1))
            #expect((0...100).contains(keywords.shrgt45 ?? -1) && (keywords.rValue ?? -1) >= 0)
            for value in [keywords.meangbt, keywords.totusjz, keywords.totusjh, keywords.absnjzh, keywords.savncpp,
                          keywords.meanpot, keywords.totpot] {
                #expect((value ?? 0) > 0)
            }
        }
    }
}
