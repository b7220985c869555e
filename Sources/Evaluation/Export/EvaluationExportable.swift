import Foundation
import NeuralCore

/// A result that can be written as JSON (snake_case keys) and as CSV (a header row, then one
/// row per point, bin or class).
///
/// Undefined values are JSON `null` and empty CSV fields, never NaN. Both files are written
/// atomically: a reader sees the old file or the complete new one.
///
/// ```swift
/// let roc = try ROCCurve(probabilities: p, labels: y)
/// try roc.write(json: runFolder.appendingPathComponent("roc.json"),
///               csv: runFolder.appendingPathComponent("roc.csv"))
/// ```
public protocol EvaluationExportable {
    /// The result as a JSON object (snake_case keys; `NSNull` where a value is undefined).
    var jsonObject: [String: Any] { get }
    /// The result as CSV text: a header row, then data rows, each ending in a newline.
    func csv() -> String
}

extension EvaluationExportable {
    /// ``jsonObject`` serialised with sorted keys.
    /// - Throws: ``EvaluationError/invalidArgument(name:value:reason:)`` if the object cannot be
    ///   serialised (it never holds NaN or infinities, so this does not happen in practice).
    public func jsonData() throws -> Data {
        let object = jsonObject
        guard JSONSerialization.isValidJSONObject(object) else {
            throw EvaluationError.invalidArgument(
                name: "JSON object", value: "\(type(of: self))", reason: "holds a value JSON cannot represent")
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    }

    /// Writes the JSON and/or CSV form atomically; a `nil` URL skips that form.
    /// - Throws: ``EvaluationError/file(path:reason:)`` naming the file that could not be written.
    public func write(json: URL? = nil, csv csvURL: URL? = nil) throws {
        if let json {
            try writeEvaluationFile(try jsonData(), to: json)
        }
        if let csvURL {
            try writeEvaluationFile(Data(csv().utf8), to: csvURL)
        }
    }
}

/// Writes `data` atomically (a temporary file in the same directory renamed over `url`).
func writeEvaluationFile(_ data: Data, to url: URL) throws {
    do {
        try writeAtomically(data, to: url)
    } catch {
        throw EvaluationError.file(path: url.path, reason: "cannot write: \(FileWriteProblem.describe(error))")
    }
}

/// A JSON value for an optional number: the number, or `NSNull` when undefined.
func jsonNumber(_ value: Double?) -> Any {
    guard let value, value.isFinite else { return NSNull() }
    return value
}

/// CSV text from a header and rows of already formatted fields.
func csvText(header: [String], rows: [[String]]) -> String {
    var lines = [header.joined(separator: ",")]
    for row in rows { lines.append(row.map(csvEscaped).joined(separator: ",")) }
    return lines.joined(separator: "\n") + "\n"
}

/// A CSV field for an optional number: the shortest round-tripping decimal, or empty.
func csvField(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "" }
    return "\(value)"
}

/// A CSV field for an integer.
func csvField(_ value: Int) -> String { "\(value)" }

/// Quotes a field that holds a comma, quote or newline (RFC 4180).
private func csvEscaped(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
