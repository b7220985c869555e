import Foundation
import Testing

@testable import Pipelines

/// `CommandFiles`: outputs that are inputs (by inode, through links, or by resolved path when
/// the output does not exist yet), folders holding inputs, outputs that are one file.
@Suite("CommandFiles")
struct CommandFilesTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("command-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The relation of the clash `check()` reports, or `nil` when it passes.
    static func clash(_ files: CommandFiles) throws -> String? {
        do {
            try files.check()
            return nil
        } catch let PipelinesError.outputClash(_, _, _, _, relation) {
            return relation
        }
    }

    @Test func anOutputReachingAnInputThroughAnyLinkIsRefused() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("a.npy")
        try Data("x".utf8).write(to: input)
        let symbolic = folder.appendingPathComponent("s.npy"), hard = folder.appendingPathComponent("h.npy")
        try FileManager.default.createSymbolicLink(at: symbolic, withDestinationURL: input)
        try FileManager.default.linkItem(at: input, to: hard)
        let linkedFolder = folder.appendingPathComponent("linked")
        try FileManager.default.createSymbolicLink(at: linkedFolder, withDestinationURL: folder)
        for output in [input.path, symbolic.path, hard.path, linkedFolder.appendingPathComponent("a.npy").path,
                       folder.path + "/./sub/../a.npy"] {
            var files = CommandFiles()
            files.read(input.path, option: "--input")
            files.write(output, option: "--output")
            #expect(try Self.clash(files) == "is the same file as the input", "\(output)")
        }
        var fine = CommandFiles()
        fine.read(input.path, option: "--input")
        fine.write(folder.appendingPathComponent("b.npy").path, option: "--output")
        #expect(try Self.clash(fine) == nil)
    }

    @Test func outputsThatAreOneFileAreRefusedEvenBeforeTheyExist() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let linkedFolder = folder.appendingPathComponent("linked")
        try FileManager.default.createSymbolicLink(at: linkedFolder, withDestinationURL: folder)
        var files = CommandFiles()
        files.write(folder.appendingPathComponent("m.json").path, option: "--output")
        files.write(linkedFolder.appendingPathComponent("m.json").path, option: "--csv")
        #expect(try Self.clash(files) == "is the same file as the output")
    }

    @Test func aRunFolderHoldingAnInputIsRefusedUnlessItWritesElsewhere() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = folder.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run.appendingPathComponent("data"), withIntermediateDirectories: true)
        let manifest = run.appendingPathComponent("data/manifest.json")
        try Data("{}".utf8).write(to: manifest)
        var strict = CommandFiles()
        strict.read(manifest.path, option: "--manifest")
        strict.write(run.path, option: "--output", kind: .folder)
        #expect(try Self.clash(strict)?.contains("holds the input") == true)

        var listed = CommandFiles()
        listed.read(manifest.path, option: "--manifest")
        listed.write(folder: run.path, option: "--output", writing: ["report.md", "sweep.json"])
        #expect(try Self.clash(listed) == nil)
        let report = run.appendingPathComponent("report.md")
        try Data("# mine".utf8).write(to: report)
        var overReport = CommandFiles()
        overReport.read(report.path, option: "--weights")
        overReport.write(folder: run.path, option: "--output", writing: ["report.md", "sweep.json"])
        #expect(try Self.clash(overReport) != nil)
    }

    @Test func missingInputsAndOutputFoldersAreNamed() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var missingInput = CommandFiles()
        missingInput.read(folder.appendingPathComponent("none.json").path, option: "--manifest")
        #expect(throws: PipelinesError.file(path: folder.appendingPathComponent("none.json").path,
                                            problem: "--manifest: no such file or folder")) { try missingInput.check() }
        var missingFolder = CommandFiles()
        let png = folder.appendingPathComponent("none/map.png")
        missingFolder.write(png.path, option: "--png")
        #expect(throws: PipelinesError.file(path: png.path,
                                            problem: "--png: the folder \(folder.appendingPathComponent("none").path) does not exist")) {
            try missingFolder.check()
        }
        var newRun = CommandFiles()
        newRun.write(folder.appendingPathComponent("a/b/run").path, option: "--output", kind: .folder)
        try newRun.check()   // created with its parents under an existing folder
    }
}
