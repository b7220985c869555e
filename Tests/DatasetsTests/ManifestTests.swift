import Foundation
import Testing

@testable import Datasets

@Suite("Sample manifest")
struct ManifestTests {
    func manifest() throws -> SampleManifest {
        var manifest = try SampleLabeler().label(
            observations: LabelerScenario.observations(), events: LabelerScenario.events(), map: LabelerScenario.map)
        // Fill every optional field of one observation, with a path that needs CSV quoting.
        manifest.samples[0].observation = SHARPObservation(
            harpNumber: 1, time: LabelTimeline.at(0), path: "archive/a,\"b\".fits", noaaRegions: [100, 105],
            quality: 0x400, observerRadialVelocity: -1234.5, centralMeridianDistance: -12.25, latitude: -17.5,
            areaMicroHemispheres: 612.75, unsignedFlux: 3.1e22, width: 744, height: 377,
            spaceWeatherKeywords: SHARPSpaceWeatherKeywords { ["USFLUX": 3.1e22, "MEANGAM": 59.699, "R_VALUE": .nan][$0] })
        return manifest
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("flarekit-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func jsonRoundTripsThroughAFile() throws {
        let original = try manifest()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("manifest.json")
        try original.write(to: url)
        try original.write(to: url)      // replacing an existing file
        let read = try SampleManifest(contentsOf: url)
        // Paths come back absolute (relative ones in memory are taken from the working directory).
        var absolute = original
        for index in absolute.samples.indices {
            absolute.samples[index].observation.path = URL(fileURLWithPath: original.samples[index].observation.path).standardizedFileURL.path
        }
        #expect(read == absolute)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let stored = (object["samples"] as? [[String: Any]] ?? []).compactMap { ($0["observation"] as? [String: Any])?["path"] as? String }
        #expect(stored.count == original.samples.count && stored.allSatisfy { !$0.hasPrefix("/") }, "paths are stored relative to the manifest")
        #expect(read.samples[0].observation.unsignedFlux == 3.1e22)
        #expect(read.samples.contains { $0.timeToFlare != nil && $0.largestForwardFlare != nil })
        // The atomic write leaves no temporary file behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["manifest.json"])
    }

    @Test func jsonKeysAreSnakeCaseAndInstantsISO8601() throws {
        let data = try manifest().jsonData()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["format_version", "configuration", "report", "samples"])
        #expect(object["format_version"] as? Int == 2)
        let samples = try #require(object["samples"] as? [[String: Any]])
        let first = samples[0]
        #expect(first["is_flaring_region"] as? Bool == true)
        #expect(first["sample_class"] as? String == "M")
        #expect(first["largest_forward_flare"] as? String == "M2.0")
        let observation = try #require(first["observation"] as? [String: Any])
        #expect(observation["harp_number"] as? Int == 1)
        #expect(observation["time"] as? String == "2012-01-01T00:00:00.000Z")
        #expect(observation["noaa_regions"] as? [Int] == [100, 105])
        #expect(observation["area_micro_hemispheres"] as? Double == 612.75)
        // Every space-weather keyword is written, null when missing (R_VALUE was NaN).
        let keywords = try #require(observation["space_weather_keywords"] as? [String: Any])
        #expect(keywords.count == 18)
        #expect(keywords["meangam"] as? Double == 59.699 && keywords["usflux"] as? Double == 3.1e22)
        #expect(keywords["r_value"] is NSNull && keywords["area_acr"] is NSNull && keywords["shrgt45"] is NSNull)
        // A sample whose keywords were never read has no key at all.
        #expect(samples[1]["observation"].flatMap { ($0 as? [String: Any])?["space_weather_keywords"] } == nil)
        let timeToFlare = try #require(first["time_to_flare"] as? [String: Any])
        #expect(timeToFlare["hours"] as? Double == -5)
        #expect(timeToFlare["flare_peak"] as? String == "2012-01-01T05:00:00.000Z")
        #expect(timeToFlare["flare_index"] as? Int == 0)
        let report = try #require(object["report"] as? [String: Any])
        let counts = try #require(report["class_counts"] as? [String: Int])
        #expect(counts == ["x": 0, "m": 15, "c": 6, "no1": 11, "no2": 7, "no3": 5, "no4": 0])
        let configuration = try #require(object["configuration"] as? [String: Any])
        let windows = try #require(configuration["sample_class_windows"] as? [String: Any])
        #expect(windows["forward"] as? Double == 86400)
        let flaring = try #require(configuration["flaring_region"] as? [String: Any])
        #expect(flaring["threshold"] as? String == "M1.0")
    }

    @Test func badFilesAreTypedErrorsNamingThePath() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.json")
        #expect(throws: DatasetsError.self) { try SampleManifest(contentsOf: missing) }

        let garbage = folder.appendingPathComponent("garbage.json")
        try Data("{\"format_version\": 1, \"samples\": [".utf8).write(to: garbage)
        do {
            _ = try SampleManifest(contentsOf: garbage)
            Issue.record("a truncated manifest was accepted")
        } catch let error as DatasetsError {
            guard case let .file(path, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(path == garbage.path)
        }

        var future = try manifest()
        future.formatVersion = 3
        #expect(throws: DatasetsError.self) { try SampleManifest(jsonData: future.jsonData()) }

        // A bad instant names its place.
        let text = String(decoding: try manifest().jsonData(), as: UTF8.self)
            .replacingOccurrences(of: "2012-01-01T00:00:00.000Z", with: "yesterday")
        #expect(throws: DatasetsError.self) { try SampleManifest(jsonData: Data(text.utf8)) }
    }

    /// Decoding errors name the key as written in the file (snake_case), with its place.
    @Test func decodingErrorsNameTheKeyAsWrittenInTheFile() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: manifest().jsonData()) as? [String: Any])
        var samples = try #require(object["samples"] as? [[String: Any]])
        samples[0]["is_flaring_region"] = "yes"
        object["samples"] = samples
        object["format_version"] = nil
        func reason(_ object: [String: Any]) throws -> String {
            do {
                _ = try SampleManifest(jsonData: try JSONSerialization.data(withJSONObject: object), path: "m.json")
                return "read"
            } catch let DatasetsError.file(path, reason) {
                #expect(path == "m.json")
                return reason
            }
        }
        #expect(try reason(object) == "not a sample manifest: missing key 'format_version' at the top level")
        object["format_version"] = 1
        #expect(try reason(object) == "not a sample manifest: 'samples[0].is_flaring_region': expected true or false, found a string")
    }

    @Test func csvHasOneRowPerSample() throws {
        let original = try manifest()
        let lines = original.csv().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == original.samples.count + 2)      // header, rows, final empty line
        #expect(lines.last == "")
        #expect(lines[0] == SampleManifest.csvColumns.joined(separator: ","))
        // The 18 keyword columns come last: USFLUX and MEANGAM given, the others empty.
        #expect(lines[1] == "1,2012-01-01T00:00:00.000Z,\"archive/a,\"\"b\"\".fits\",100;105,true,1,M,1,1,M2.0,-5.0,2012-01-01T05:00:00.000Z,M2.0,,3.1e+22"
            + ",3.1e+22,59.699" + String(repeating: ",", count: 16))
        // HARP 3 has no region, no flare, no flux and no keywords: empty fields.
        #expect(lines[1 + 22] == "3,2012-01-01T00:00:00.000Z,harp3/t0.0.fits,,false,0,NO1,0,0,,,,,," + String(repeating: ",", count: 18))
        #expect(SampleManifest.csvColumns.suffix(18).first == "usflux" && SampleManifest.csvColumns.last == "area_acr")

        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("manifest.csv")
        try original.writeCSV(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == original.csv())
    }
}
