import ArgumentParser
import Datasets
import Foundation

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Read a flare list (NOAA SWPC event list or FlareKit's plain CSV) and summarise it.",
        discussion: """
            The format is detected from the header: an SWPC event list names start_time and \
            goes_class, a plain CSV has start,peak,end,class,noaa_ar. Rows that cannot be read are \
            listed with their line numbers; with --strict the first one is an error instead. With \
            --json: one JSON object with the keys rows (valid rows), invalid ([{line, reason}]), \
            class_counts ({A, B, C, M, X}), without_region (valid rows with no NOAA region) and \
            largest ({class, peak, region}, null when there are no rows).
            """)

    @Argument(help: "The flare list (.csv).")
    var file: String

    @Flag(name: .long, help: "Print one JSON object instead of a summary.")
    var json = false

    @Flag(name: .long, help: "Fail on the first row that cannot be read.")
    var strict = false

    func run() throws {
        try reportingErrors {
            let summary = try FlareCatalog(contentsOf: URL(fileURLWithPath: file), strict: strict).summary
            if json {
                print(try Self.json(summary))
            } else {
                print(Self.text(summary, file: file))
            }
        }
    }

    static func json(_ summary: FlareCatalogSummary) throws -> String {
        var counts: [String: Int] = [:]
        for letter in FlareClass.Letter.allCases { counts[letter.rawValue] = summary.classCounts[letter] ?? 0 }
        let largest: Any = summary.largest.map { event -> [String: Any] in
            [
                "class": event.flareClass.description,
                "peak": UTCInstantText.format(event.peak),
                "region": event.noaaRegion.map { $0 as Any } ?? NSNull(),
            ]
        } ?? NSNull()
        let object: [String: Any] = [
            "rows": summary.rowCount,
            "invalid": summary.invalidRows.map { ["line": $0.line, "reason": $0.reason] as [String: Any] },
            "class_counts": counts,
            "without_region": summary.withoutRegion,
            "largest": largest,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func text(_ summary: FlareCatalogSummary, file: String) -> String {
        var lines = ["\(file): \(summary.rowCount) flares, \(summary.invalidRows.count) rows not read"]
        lines.append(
            "classes: " + FlareClass.Letter.allCases.map { "\($0.rawValue) \(summary.classCounts[$0] ?? 0)" }
                .joined(separator: ", "))
        lines.append("without a NOAA region: \(summary.withoutRegion)")
        if let largest = summary.largest {
            let region = largest.noaaRegion.map { "NOAA \($0)" } ?? "no NOAA region"
            lines.append("largest: \(largest.flareClass) peaking \(UTCInstantText.format(largest.peak)), \(region)")
        }
        for row in summary.invalidRows {
            lines.append("line \(row.line): \(row.reason)")
        }
        return lines.joined(separator: "\n")
    }
}
