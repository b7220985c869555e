import Foundation
import NeuralCore
import Testing

/// Decoding failures told with the key path as written in the file, never a `DecodingError` dump.
@Suite("JSONDecodingProblem")
struct JSONDecodingProblemTests {
    struct Sample: Decodable { var label: Int }
    struct Manifest: Decodable {
        var formatVersion: Int
        var samples: [Sample]
    }

    static func problem(_ json: String, keys: JSONDecodingProblem.KeyStyle = .snakeCase) -> String {
        let decoder = JSONDecoder()
        if keys == .snakeCase { decoder.keyDecodingStrategy = .convertFromSnakeCase }
        do {
            _ = try decoder.decode(Manifest.self, from: Data(json.utf8))
            return "decoded"
        } catch {
            return JSONDecodingProblem(error, keys: keys).description
        }
    }

    @Test func aMissingKeyIsNamedAsWrittenInTheFile() {
        #expect(Self.problem(#"{"samples": []}"#) == "missing key 'format_version' at the top level")
        #expect(Self.problem(#"{"format_version": 1, "samples": [{"label": 1}, {}]}"#) == "missing key 'label' in 'samples[1]'")
    }

    @Test func aValueOfTheWrongTypeSaysWhatWasExpectedAndFound() {
        #expect(Self.problem(#"{"format_version": "two", "samples": []}"#) == "'format_version': expected a whole number, found a string")
        #expect(Self.problem(#"{"format_version": null, "samples": []}"#).contains("'format_version'"))
        #expect(Self.problem(#"{"format_version": 1, "samples": [{"label": true}]}"#).hasPrefix("'samples[0].label': expected a whole number"))
    }

    @Test func brokenJSONIsSaidToBeNotValidJSON() {
        let text = Self.problem(#"{"format_version": 1, "sam"#)
        #expect(text.hasPrefix("not valid JSON"), "\(text)")
        #expect(!text.contains("DecodingError") && !text.contains("CodingKeys"))
    }

    @Test func snakeCaseFollowsJSONEncodersConversion() {
        struct Names: Encodable {
            var formatVersion = 1, sharpURL = 1, label = 1, noaaAR = 1, x2Resolution = 1, timeToFlareHours = 1
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = try? encoder.encode(Names())
        let written = data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Int] }.map { Set($0.keys) }
        let names = ["formatVersion", "sharpURL", "label", "noaaAR", "x2Resolution", "timeToFlareHours"]
        #expect(Set(names.map(JSONDecodingProblem.snakeCase)) == written)
    }
}

/// Files that cannot be read are described in words, with no Foundation error dump.
@Suite("FileReadProblem")
struct FileReadProblemTests {
    @Test func missingFilesAndFoldersAreSaidInWords() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("file-read-problem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func message(_ url: URL) -> String {
            do {
                _ = try FileReadProblem.contents(of: url) { NeuralCoreError.file(path: url.path, problem: $0) }
                return "read"
            } catch {
                return "\(error)"
            }
        }
        let missing = folder.appendingPathComponent("nowhere.npy")
        #expect(message(missing) == "\(missing.path): no such file")
        #expect(message(folder) == "\(folder.path): is a directory, not a file")
        let link = folder.appendingPathComponent("link.npy")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: missing.path)
        #expect(message(link) == "\(link.path): no such file: a symbolic link to \(missing.path), which does not resolve")
        let array = folder.appendingPathComponent("x.npy")
        try NumpyArray.write(try Tensor(shape: [1], scalars: [1]), to: array)
        #expect(message(array) == "read")
        do {
            _ = try NumpyArray.read(from: folder)
            Issue.record("a folder was read as a .npy file")
        } catch {
            #expect("\(error)" == "\(folder.path): is a directory, not a file")
        }
    }
}
