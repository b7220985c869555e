import Foundation
import NeuralCore

/// The JSON conventions of FlareKit's manifests and the atomic write they share: snake_case
/// keys, instants as ISO 8601 UTC strings with milliseconds (`2011-02-15T02:00:00.000Z`;
/// strings without fractional seconds are read too), sorted keys, pretty-printed.
enum ManifestCoding {
    static let instantStyle = Date.ISO8601FormatStyle(
        includingFractionalSeconds: true, timeZone: TimeZone(secondsFromGMT: 0) ?? .current)

    static func format(_ instant: Date) -> String {
        instant.formatted(instantStyle)
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { instant, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(format(instant))
        }
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let instant = try? instantStyle.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not an ISO 8601 UTC instant")
            }
            return instant
        }
        return decoder
    }

    /// Replaces the file at `url` with `data` atomically (NeuralCore's `writeAtomically`: a
    /// flushed temporary file in the same folder renamed over it), so readers see the old file
    /// or the complete new one.
    static func writeAtomically(_ data: Data, to url: URL) throws {
        do {
            try NeuralCore.writeAtomically(data, to: url)
        } catch {
            throw DatasetsError.file(path: url.path, reason: "cannot write: \(FileWriteProblem.describe(error))")
        }
    }

    /// A decoding error in the manifest's own terms: the snake_case key path as written in
    /// the file and what is wrong there.
    static func describe(_ error: Error) -> String {
        JSONDecodingProblem(error, keys: .snakeCase).description
    }
}
