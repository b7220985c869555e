import Foundation

/// A Markdown report built section by section: headings, paragraphs, tables, figure links.
///
/// Links are relative to the run folder, so the report can be opened where it lies (or the
/// folder moved) and its figures still show.
///
/// ```swift
/// var report = MarkdownReport(title: "FlareKit demo")
/// report.heading("Scores")
/// report.table(header: ["pipeline", "TSS"], rows: [["Bhattacharjee", "0.71 ± 0.05"]])
/// report.figure("bhattacharjee/recall_vs_time.svg", caption: "Recall versus time to flare")
/// try run.write(text: report.text, to: "report.md")
/// ```
public struct MarkdownReport: Sendable {
    private var lines: [String]

    /// Starts a report with a top-level title.
    public init(title: String) {
        lines = ["# \(title)", ""]
    }

    /// The report's Markdown text.
    public var text: String { lines.joined(separator: "\n") + "\n" }

    /// A heading (`level` 2 by default).
    public mutating func heading(_ text: String, level: Int = 2) {
        lines += [String(repeating: "#", count: max(1, min(level, 6))) + " " + text, ""]
    }

    /// A paragraph.
    public mutating func paragraph(_ text: String) {
        lines += [text, ""]
    }

    /// A bulleted list.
    public mutating func bullets(_ items: [String]) {
        guard !items.isEmpty else { return }
        lines += items.map { "- " + $0 } + [""]
    }

    /// A table; cells holding `|` are escaped.
    public mutating func table(header: [String], rows: [[String]]) {
        func row(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        lines.append(row(header))
        lines.append("|" + header.map { _ in " --- |" }.joined())
        lines += rows.map(row)
        lines.append("")
    }

    /// An image link to `relativePath` (an SVG or PNG in the run folder) with a caption.
    public mutating func figure(_ relativePath: String, caption: String) {
        lines += ["![\(caption)](\(relativePath))", "", "*\(caption)*", ""]
    }

    /// A list of links to files of the run folder.
    public mutating func links(_ files: [(label: String, relativePath: String)]) {
        bullets(files.map { "[\($0.label)](\($0.relativePath))" })
    }
}
