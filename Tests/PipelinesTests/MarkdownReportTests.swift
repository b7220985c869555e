import Foundation
import Testing

@testable import Pipelines

@Suite("Markdown report and run folder")
struct MarkdownReportTests {
    @Test func tablesEscapePipesAndFiguresLinkRelativePaths() {
        var report = MarkdownReport(title: "Run")
        report.table(header: ["a", "b"], rows: [["x|y", "1"]])
        report.figure("sub/fig.svg", caption: "Cap")
        let lines = report.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "# Run")
        #expect(lines.contains("| a | b |"))
        #expect(lines.contains("| --- | --- |"))
        #expect(lines.contains("| x\\|y | 1 |"))
        #expect(lines.contains("![Cap](sub/fig.svg)"))
    }

    @Test func runFolderWritesAtomicallyIntoSubfolders() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runfolder-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try RunFolder(at: folder)
        try run.write(text: "hello", to: "a/b/c.txt")
        #expect(try String(contentsOf: folder.appendingPathComponent("a/b/c.txt"), encoding: .utf8) == "hello")
        try run.write(jsonObject: ["k": 1], to: "x.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("x.json"))) as? [String: Int]
        #expect(object == ["k": 1])
        #expect(throws: PipelinesError.self) { try run.write(jsonObject: ["k": Double.nan], to: "bad.json") }
        // A file where the folder should be is a typed error.
        #expect(throws: PipelinesError.self) { try RunFolder(at: folder.appendingPathComponent("x.json")) }
    }
}
