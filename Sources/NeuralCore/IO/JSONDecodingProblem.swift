import Foundation

/// A JSON decoding failure told in the file's own terms: the key path as written in the file
/// (`samples[3].format_version`, never the Swift property `formatVersion`) and what is wrong
/// there, instead of a `DecodingError` dump.
///
/// ```swift
/// do { _ = try decoder.decode(Record.self, from: data) }
/// catch { throw MyError.file(path: path, problem: JSONDecodingProblem(error, keys: .snakeCase).description) }
/// // "missing key 'format_version' at the top level"
/// ```
public struct JSONDecodingProblem: Equatable, Sendable, CustomStringConvertible {
    /// How the decoder's coding keys map to the keys written in the file.
    public enum KeyStyle: Sendable {
        /// The coding keys are the file's keys.
        case asWritten
        /// The decoder converts the file's snake_case keys (`keyDecodingStrategy = .convertFromSnakeCase`).
        case snakeCase
    }

    /// The key path as written in the file (`samples[3].label`), empty at the top level.
    public var keyPath: String
    /// What is wrong there.
    public var problem: String

    /// Describes `error` (a `DecodingError` or anything else a decoder threw).
    public init(_ error: any Error, keys: KeyStyle = .asWritten) {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    let name = keys == .snakeCase ? Self.snakeCase(key.stringValue) : key.stringValue
                    text += text.isEmpty ? name : ".\(name)"
                }
            }
            return text
        }
        guard let decodingError = error as? DecodingError else {
            keyPath = ""
            // FlareKit's errors describe themselves; Foundation's are told by their system message.
            let domain = (error as NSError).domain
            problem = domain == NSCocoaErrorDomain || domain == NSPOSIXErrorDomain
                ? FileReadProblem.systemMessage(error) : String(describing: error)
            return
        }
        switch decodingError {
        case let .keyNotFound(key, context):
            keyPath = path(context.codingPath)
            problem = "missing key '\(keys == .snakeCase ? Self.snakeCase(key.stringValue) : key.stringValue)'"
        case let .typeMismatch(type, context):
            keyPath = path(context.codingPath)
            problem = "expected \(Self.kind(type))" + Self.found(in: context.debugDescription)
        case let .valueNotFound(type, context):
            keyPath = path(context.codingPath)
            problem = "expected \(Self.kind(type)), found null"
        case let .dataCorrupted(context):
            keyPath = path(context.codingPath)
            if let underlying = context.underlyingError as NSError?,
               let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String {
                problem = "not valid JSON (\(detail))"
            } else if context.codingPath.isEmpty, context.debugDescription.contains("not valid JSON") {
                problem = "not valid JSON"
            } else {
                problem = context.debugDescription
            }
        @unknown default:
            keyPath = ""
            problem = "cannot be decoded"
        }
    }

    /// `missing key 'format_version' at the top level`, `samples[2].label: expected a number, found a string`.
    public var description: String {
        if keyPath.isEmpty {
            return problem.hasPrefix("missing key") ? "\(problem) at the top level" : problem
        }
        return problem.hasPrefix("missing key") ? "\(problem) in '\(keyPath)'" : "'\(keyPath)': \(problem)"
    }

    /// `formatVersion` as written by `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`:
    /// `format_version` (`sharpURL` gives `sharp_url`).
    public static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previousIsLower = characters[index - 1].isLowercase || characters[index - 1].isNumber
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previousIsLower || (characters[index - 1].isUppercase && nextIsLower) { result += "_" }
            }
            result += character.lowercased()
        }
        return result
    }

    /// A Swift type in JSON words.
    static func kind(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Dictionary") || name.hasPrefix("KeyedDecodingContainer") { return "an object" }
        if name.hasPrefix("Array") || name.hasPrefix("UnkeyedDecodingContainer") { return "an array" }
        switch name {
        case "String": return "a string"
        case "Bool": return "true or false"
        case "Int", "Int64", "Int32", "UInt", "UInt64", "UInt32", "UInt8": return "a whole number"
        case "Double", "Float": return "a number"
        case "Date": return "an ISO 8601 date"
        default: return "a value of type \(name)"
        }
    }

    /// `, found a string` from Foundation's "Expected to decode Int but found a string instead.".
    static func found(in debugDescription: String) -> String {
        guard let start = debugDescription.range(of: "but found ") else { return "" }
        var rest = debugDescription[start.upperBound...]
        if let end = rest.range(of: " instead") { rest = rest[..<end.lowerBound] }
        return ", found \(rest)"
    }
}
