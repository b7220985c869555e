import Foundation

/// The typed value of a header card, parsed leniently from the value text.
///
/// FITS (standard 4.0, section 4.2) has strings in single quotes with `''` for a quote, logicals
/// `T`/`F`, integers and reals (`E` or `D` exponent). HMI headers also hold values that strict
/// parsers reject; these are read too:
/// - a lowercase exponent (`2.714760e+22`) or a `d` exponent,
/// - a bare `nan` (any case) as `Double.nan`, `inf`/`-inf` as infinities,
/// - a real without digits after the point (`720.`).
///
/// ```swift
/// FITSValue(valueText: "2.714760e+22")   // .real(2.71476e22)
/// FITSValue(valueText: "'O''Brien '")    // .string("O'Brien")
/// FITSValue(valueText: "nan")            // .real(.nan)
/// ```
public enum FITSValue: Sendable, Equatable {
    /// A quoted string, unescaped, trailing spaces removed (they are not significant in FITS).
    case string(String)
    /// An integer that fits in `Int`.
    case integer(Int)
    /// A real number (also NaN and the infinities).
    case real(Double)
    /// `T` or `F`.
    case logical(Bool)
    /// A complex number `(re, im)`.
    case complex(Double, Double)
    /// A keyword with a value indicator but no value (`GWILL   =          / [Mm] (MISSING)`).
    case undefined

    /// Parses the value text of a card (as stored in `FITSCard.value`); `nil` when the text is
    /// none of the forms above.
    public init?(valueText: String) {
        let text = valueText.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            self = .undefined
            return
        }
        if text.hasPrefix("'") {
            guard let string = FITSValue.unquote(text) else { return nil }
            self = .string(string)
            return
        }
        switch text {
        case "T", "t": self = .logical(true); return
        case "F", "f": self = .logical(false); return
        default: break
        }
        if let integer = FITSValue.integer(text) {
            self = .integer(integer)
            return
        }
        if let real = FITSValue.real(text) {
            self = .real(real)
            return
        }
        if text.hasPrefix("("), text.hasSuffix(")") {
            let parts = text.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
            if parts.count == 2, let re = FITSValue.real(String(parts[0])), let im = FITSValue.real(String(parts[1])) {
                self = .complex(re, im)
                return
            }
        }
        return nil
    }

    /// The value as a `Double` when it is a number (integer or real), else `nil`.
    public var number: Double? {
        switch self {
        case let .integer(value): return Double(value)
        case let .real(value): return value
        default: return nil
        }
    }

    // MARK: Lenient parsers (shared by FITSHeader's accessors)

    /// An integer: optional sign and decimal digits only.
    static func integer(_ raw: String) -> Int? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    /// A real: `[+-]digits[.digits][(E|e|D|d)[+-]digits]`, `[+-].digits...`, or nan / inf.
    static func real(_ raw: String) -> Double? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        switch text.lowercased() {
        case "nan", "+nan", "-nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: break
        }
        var mantissaDigits = 0
        var index = text.startIndex
        func peek() -> Character? { index < text.endIndex ? text[index] : nil }
        func advance() { index = text.index(after: index) }
        if let sign = peek(), sign == "+" || sign == "-" { advance() }
        while let c = peek(), c.isASCII, c.isNumber { mantissaDigits += 1; advance() }
        if peek() == "." {
            advance()
            while let c = peek(), c.isASCII, c.isNumber { mantissaDigits += 1; advance() }
        }
        guard mantissaDigits > 0 else { return nil }
        if let e = peek(), "EeDd".contains(e) {
            advance()
            if let sign = peek(), sign == "+" || sign == "-" { advance() }
            var exponentDigits = 0
            while let c = peek(), c.isASCII, c.isNumber { exponentDigits += 1; advance() }
            guard exponentDigits > 0 else { return nil }
        }
        guard index == text.endIndex else { return nil }
        let normalised = text.replacingOccurrences(of: "D", with: "e").replacingOccurrences(of: "d", with: "e")
        return Double(normalised)
    }

    /// Unquotes a FITS string: `'it''s  '` -> `it's` (trailing spaces are not significant).
    /// `nil` when the closing quote is missing or text follows it.
    static func unquote(_ text: String) -> String? {
        guard let (string, rest) = scanQuoted(Substring(text)), rest.allSatisfy({ $0 == " " }) else { return nil }
        return string
    }

    /// Scans a quoted string at the start of `text` (which starts with `'`): the unescaped,
    /// right-trimmed string and the text after the closing quote.
    static func scanQuoted(_ text: Substring) -> (String, Substring)? {
        guard text.first == "'" else { return nil }
        var result = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let c = text[index]
            if c == "'" {
                let next = text.index(after: index)
                if next < text.endIndex, text[next] == "'" {
                    result.append("'")
                    index = text.index(after: next)
                    continue
                }
                while result.hasSuffix(" ") { result.removeLast() }
                return (result, text[next...])
            }
            result.append(c)
            index = text.index(after: index)
        }
        return nil
    }

    /// Quotes a string for a card: `it's` -> `'it''s'`, padded to 8 characters inside the quotes
    /// as the standard asks of short strings.
    static func quote(_ string: String) -> String {
        var body = string.replacingOccurrences(of: "'", with: "''")
        while body.count < 8 { body.append(" ") }
        return "'\(body)'"
    }

    /// Formats a real for a card: Swift's shortest round-trip form with an uppercase `E` and a
    /// decimal point; NaN and infinities as JSOC writes them (`nan`, `inf`, `-inf`), which this
    /// reader accepts but strict FITS readers do not.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        var text = "\(value)".uppercased()
        if !text.contains(".") {
            if let e = text.firstIndex(of: "E") {
                text.insert(contentsOf: ".0", at: e)
            } else {
                text += ".0"
            }
        }
        return text
    }
}
