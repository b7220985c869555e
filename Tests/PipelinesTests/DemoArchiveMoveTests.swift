import Datasets
import Foundation
import Testing

@testable import Pipelines

/// The demo's archive record keeps paths relative to the archive: a moved archive is reused
/// where it is now, and one whose files are gone, or of other settings, is an error, never
/// silently generated again.
@Suite("Demo archive: moved, missing, other settings")
struct DemoArchiveMoveTests {
    @Test func aMovedArchiveIsReusedAndAMissingOneIsAnError() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("demo-archive-move-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var configuration = TinyDemo.configuration.archive
        configuration.regionCount = 6
        let lines = DemoResumeTests.Lines()
        let first = try SyntheticArchiveStage(configuration: configuration, directory: root.appendingPathComponent("a"), log: lines.log).prepare()
        #expect(lines.text.contains("demo: generating"))
        let record = try String(contentsOf: root.appendingPathComponent("a/flarekit-archive.json"), encoding: .utf8)
        #expect(!record.contains(root.standardizedFileURL.path), "\(record)")   // relative paths only

        try FileManager.default.moveItem(at: root.appendingPathComponent("a"), to: root.appendingPathComponent("b"))
        let movedLines = DemoResumeTests.Lines()
        let moved = try SyntheticArchiveStage(configuration: configuration, directory: root.appendingPathComponent("b"), log: movedLines.log).prepare()
        #expect(movedLines.text.contains("demo: reusing the archive") && !movedLines.text.contains("generating"))
        #expect(moved.flareCatalogPath == root.standardizedFileURL.path + "/b" + first.flareCatalogPath.dropFirst((root.standardizedFileURL.path + "/a").count))
        #expect(FileManager.default.fileExists(atPath: moved.harpTablePath) && moved.magnetogramFiles == first.magnetogramFiles)

        var other = configuration
        other.seed += 1
        #expect(throws: PipelinesError.file(
            path: root.appendingPathComponent("b").standardizedFileURL.path,
            problem: "holds a demo archive generated with other settings (flarekit-archive.json); give another --archive folder, "
                + "or remove this one to generate it again")) {
            try SyntheticArchiveStage(configuration: other, directory: root.appendingPathComponent("b"), log: .silent).prepare()
        }

        try FileManager.default.removeItem(atPath: moved.harpTablePath)
        #expect {
            try SyntheticArchiveStage(configuration: configuration, directory: root.appendingPathComponent("b"), log: .silent).prepare()
        } throws: { error in
            guard case let PipelinesError.file(path, problem) = error else { return false }
            return path == moved.harpTablePath && problem.contains("records a demo archive whose files are gone")
                && problem.contains("give --archive the folder the archive is in now")
        }
        #expect(!FileManager.default.fileExists(atPath: moved.harpTablePath))   // not generated again
    }
}
