import Datasets
import Evaluation
import Foundation
import Testing

@testable import Pipelines

/// ``TrainingRun`` with a split selection on the tiny demo archive: the LRCN's realisations
/// trained by two "array tasks" into one folder give the one-process run, and the run-level
/// record keeps other settings out.
@Suite("Training runs in pieces (tiny sizes)")
struct TrainingRunSplitsTests {
    /// The tiny LRCN for the C1+ task, two realisations (the tiny archive has too few M1+ flares).
    static func lrcn(epochs: Int = 1) -> TrainingRun.TrainingProtocol {
        var c = TinyDemo.configuration.guastavino
        c.task = .c1
        c.shortfallPolicy = .report
        c.epochs = epochs
        return .guastavino(c)
    }

    /// Every file of `run`'s `folder` subfolder that a report is made of, with its contents.
    static func tables(_ run: URL, _ folder: String) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent(folder).path)
            .filter { $0.hasSuffix(".csv") || $0.hasSuffix(".svg") }
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: run.appendingPathComponent("\(folder)/\($0)"))) })
    }

    @Test func twoTasksOfRealisationsGiveTheOneProcessRun() throws {
        let folder = try TinyDemo.folder("training-splits")
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try SyntheticArchive(configuration: TinyDemo.configuration.archive).generate(into: folder.appendingPathComponent("archive"))
        let indexing = try SampleIndexing(cuts: nil, indexOptions: .init(cache: .disabled)).run(
            directory: URL(fileURLWithPath: archive.magnetogramFolder), catalog: URL(fileURLWithPath: archive.flareCatalogPath),
            harpTable: URL(fileURLWithPath: archive.harpTablePath))
        let manifest = folder.appendingPathComponent("manifest.json")
        try indexing.manifest.write(to: manifest)
        let sharp = URL(fileURLWithPath: archive.magnetogramFolder)
        func training(_ selection: Set<Int>?) -> TrainingRun {
            var run = TrainingRun(protocol: Self.lrcn(), manifest: manifest, sharpDirectory: sharp, log: .silent)
            run.execution.selection = selection
            return run
        }

        let one = try RunFolder(at: folder.appendingPathComponent("one"))
        let whole = try training(nil).run(in: one)
        let pieces = try RunFolder(at: folder.appendingPathComponent("pieces"))
        guard case let .incomplete(status) = try training([1]).train(in: pieces) else {
            Issue.record("one of two realisations cannot complete the run")
            return
        }
        #expect(status.trained == ["training/realisation-2"] && status.missing == ["training/realisation-1"])
        #expect(throws: PipelinesError.incompleteRun(path: pieces.url.path, missing: status.missing)) {
            try training(nil).collect(in: pieces)
        }
        guard case let .assembled(summary) = try training([0]).train(in: pieces) else {
            Issue.record("the second task did not assemble the run")
            return
        }
        let a = try #require(whole.jsonObject["guastavino"] as? [String: Any]), b = try #require(summary.jsonObject["guastavino"] as? [String: Any])
        #expect(a["tss_by_realisation"] as? [Double] == b["tss_by_realisation"] as? [Double])
        #expect(summary.jsonObject["distributed"] as? [String: AnyHashable] == ["ranks": 1, "mode": "single"])
        // The typed results are those of the summary object.
        #expect(summary.bhattacharjee == nil && summary.guastavino.map(\.realisations.count) == [2])
        #expect(summary.guastavino.first?.trueSkillStatistic.mean == b["tss_mean"] as? Double)
        #expect(whole.guastavino.first?.trueSkillStatistic.mean == a["tss_mean"] as? Double)
        let tables = try Self.tables(one.url, "training"), assembled = try Self.tables(pieces.url, "training")
        #expect(tables.keys.sorted() == assembled.keys.sorted() && tables.keys.contains("predictions.csv"))
        for (name, data) in tables { #expect(assembled[name] == data, "\(name)") }

        // The run-level record refuses a task of other settings, naming the setting.
        var other = training([0])
        other.trainingProtocol = Self.lrcn(epochs: 2)
        #expect(throws: PipelinesError.runFolderInUse(
            path: pieces.url.path, record: "training-run.json", changes: ["guastavino.epochs: 1 → 2"])) {
            try other.train(in: pieces)
        }
        let record = try #require(try TrainingRunRecord.read(from: pieces))
        #expect(record.settings == training(nil).settings && record.arguments.isEmpty)
    }
}
