/// Builds SVG markup line by line, escaping every attribute value and text.
///
/// Attributes are given as ordered pairs, so the output does not depend on dictionary order.
struct SVGWriter {
    /// One piece of a text element: plain text, or a superscript (for `10²²` tick labels).
    enum TextRun: Equatable {
        case plain(String)
        case superscript(String)
    }

    private(set) var text = ""
    private var depth = 0

    /// Appends `<name a="v" ...>` and indents what follows until ``close(_:)``.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        line("<\(name)\(Self.attributeText(attributes))>")
        depth += 1
    }

    /// Appends `</name>`.
    mutating func close(_ name: String) {
        depth = max(0, depth - 1)
        line("</\(name)>")
    }

    /// Appends a self-closing element, or one with escaped text content.
    mutating func element(_ name: String, _ attributes: [(String, String)], text content: String? = nil) {
        if let content {
            line("<\(name)\(Self.attributeText(attributes))>\(Self.escape(content))</\(name)>")
        } else {
            line("<\(name)\(Self.attributeText(attributes))/>")
        }
    }

    /// Appends a `<text>` element whose superscript runs become raised, smaller `<tspan>`s.
    mutating func text(_ runs: [TextRun], fontSize: Double, _ attributes: [(String, String)]) {
        var content = ""
        for run in runs {
            switch run {
            case let .plain(part):
                content += Self.escape(part)
            case let .superscript(part):
                let raise = SVGNumberFormat.coordinate(-0.4 * fontSize)
                let size = SVGNumberFormat.coordinate(0.75 * fontSize)
                content += "<tspan dy=\"\(raise)\" font-size=\"\(size)\">\(Self.escape(part))</tspan>"
            }
        }
        line("<text\(Self.attributeText(attributes))>\(content)</text>")
    }

    /// Appends a line of already-escaped markup at the current indentation.
    mutating func line(_ markup: String) {
        text += String(repeating: "  ", count: depth) + markup + "\n"
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities and the characters that XML 1.0
    /// forbids (C0 controls other than tab, newline and carriage return, and U+FFFE/U+FFFF)
    /// dropped.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }
}
