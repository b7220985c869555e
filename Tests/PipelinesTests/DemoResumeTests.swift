import Evaluation
import Foundation
import Testing

@testable import Pipelines

/// `Demo.resume` (`flarekit demo --resume`): an interrupted demo resumed keeps the finished
/// folds and realisations, continues from checkpoints and ends with the uninterrupted run's files;
/// a resume with other settings is refused, naming them.
@Suite("Demo resume (tiny sizes)")
struct DemoResumeTests {
    /// The lines a run logs.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        var log: PipelineLog { PipelineLog { line in self.lock.withLock { self.lines.append(line) } } }
        var text: String { lock.withLock { lines.joined(separator: "\n") } }
    }

    /// Every file of a run folder, relative, without per-process state, the shared archive and
    /// TensorBoard event files (named by time and process).
    static func files(_ folder: URL) throws -> [String] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
        return enumerator.compactMap { $0 as? String }.filter { path in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory)
            let parts = path.split(separator: "/")
            return !isDirectory.boolValue && !parts.contains("checkpoints") && !parts.contains("records") && !parts.contains("cache")
                && !path.hasSuffix(".lock") && !(parts.last ?? "").hasPrefix("events.out.tfevents.")
        }.sorted()
    }

    /// A text file with the run folder's path and the timings taken out.
    static func normalised(_ url: URL, run: URL) throws -> String {
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: run.standardizedFileURL.path, with: "RUN")
        return text
            .replacingOccurrences(of: #""wall_seconds" : [0-9.e+-]+"#, with: "WALL", options: .regularExpression)
            .replacingOccurrences(of: #"[0-9]+(\.[0-9]+)? s\b"#, with: "N s", options: .regularExpression)
    }

    @Test func anInterruptedDemoResumesToTheUninterruptedFiles() throws {
        let folder = try TinyDemo.folder("resume")
        defer { try? FileManager.default.removeItem(at: folder) }
        let reference = folder.appendingPathComponent("reference"), interrupted = folder.appendingPathComponent("interrupted")
        var demo = Demo(configuration: TinyDemo.configuration, log: .silent)
        demo.archiveDirectory = folder.appendingPathComponent("archive")
        _ = try demo.run(in: RunFolder(at: reference))
        _ = try demo.run(in: RunFolder(at: interrupted))

        // The interruption: the last fold and realisation lost their finished files (their
        // checkpoints stay), and nothing was assembled.
        for lost in [
            "bhattacharjee/records/fold-2.json", "bhattacharjee/weights/fold-2.safetensors",
            "guastavino/records/realisation-2.json", "guastavino/weights/realisation-2.safetensors", "summary.json", "report.md",
        ] {
            try FileManager.default.removeItem(at: interrupted.appendingPathComponent(lost))
        }

        // Other settings are refused before anything is written, naming the difference.
        var other = demo
        other.configuration.bhattacharjee.epochs = 2
        other.resume = true
        #expect {
            try other.run(in: RunFolder(at: interrupted))
        } throws: { error in
            guard case let PipelinesError.runFolderInUse(path, record, changes) = error else { return false }
            return path == interrupted.standardizedFileURL.path && record == Demo.settingsFileName
                && changes == ["bhattacharjee.epochs: 1 → 2"]
        }
        #expect(!FileManager.default.fileExists(atPath: interrupted.appendingPathComponent("summary.json").path))

        let lines = Lines()
        var resumed = demo
        resumed.resume = true
        resumed.log = lines.log
        _ = try resumed.run(in: RunFolder(at: interrupted))
        #expect(lines.text.contains("fold-1 (1/2): finished before with the same settings: kept"), "\(lines.text)")
        #expect(lines.text.contains("fold-2 (2/2): resuming from its checkpoint"), "\(lines.text)")
        #expect(lines.text.contains("realisation-2 (2/2): resuming from its checkpoint"), "\(lines.text)")
        let names = try Self.files(reference)
        #expect(names == (try Self.files(interrupted)))
        #expect(names.contains("summary.json") && names.contains("bhattacharjee/weights/fold-2.safetensors"))
        for name in names {
            let a = reference.appendingPathComponent(name), b = interrupted.appendingPathComponent(name)
            if a.lastPathComponent == "history.csv" {   // samples/s and seconds differ between runs
                let columns = { (url: URL) in
                    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").dropLast(2) }
                }
                #expect(try columns(a) == columns(b), "\(name)")
            } else if ["json", "md", "csv"].contains(a.pathExtension) {
                #expect(try Self.normalised(a, run: reference) == Self.normalised(b, run: interrupted), "\(name)")
            } else {
                #expect(try Data(contentsOf: a) == Data(contentsOf: b), "\(name)")
            }
        }
    }
}
