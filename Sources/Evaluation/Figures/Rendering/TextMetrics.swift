/// Rough text widths for layout (no font metrics are available): proportional sans-serif
/// averages per character class.
enum TextMetrics {
    static func width(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for character in text {
            switch character {
            case "i", "l", "j", "I", ".", ",", ":", ";", "|", "!", "'", " ", "(", ")", "[", "]": ems += 0.3
            case "f", "t", "r", "1", "-": ems += 0.4
            case "m", "w", "M", "W", "\u{00D7}", "%", "@": ems += 0.85
            default: ems += character.isUppercase ? 0.68 : 0.56
            }
        }
        return ems * fontSize
    }

    /// The width of a tick label, superscripts at three quarters size.
    static func width(_ runs: [SVGWriter.TextRun], fontSize: Double) -> Double {
        runs.reduce(0) { total, run in
            switch run {
            case let .plain(text): total + width(text, fontSize: fontSize)
            case let .superscript(text): total + width(text, fontSize: 0.75 * fontSize)
            }
        }
    }
}
