import Datasets
import Foundation
import Testing

@testable import Pipelines

@Suite("Demo end to end (tiny sizes)")
struct DemoTests {
    @Test func summaryReportAndTablesAgreeWithIndependentRecomputation() throws {
        let folder = try TinyDemo.folder("demo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try RunFolder(at: folder)
        let result = try Demo(configuration: TinyDemo.configuration, log: .silent).run(in: run)

        // summary.json carries the keys.
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any])
        let b = try #require(summary["bhattacharjee"] as? [String: Any])
        let g = try #require(summary["guastavino"] as? [String: Any])
        #expect(b["folds"] as? Int == 2)
        #expect(g["realisations"] as? Int == 2)
        #expect(b["tss_mean"] is Double && g["tss_mean"] is Double)
        #expect((summary["wall_seconds"] as? Double ?? -1) > 0)

        // Each fold's TSS equals the TSS counted from its written test predictions.
        for (pipeline, split) in [("bhattacharjee", "fold"), ("guastavino", "realisation")] {
            let rows = try TinyDemo.csvRows(folder.appendingPathComponent("\(pipeline)/predictions.csv"))
            let byFold = Dictionary(grouping: rows, by: { $0["split"] ?? "" })
            let object = try #require(summary[pipeline] as? [String: Any])
            let written = try #require(object["tss_by_\(split)"] as? [Any])
            #expect(byFold.count == written.count)
            var defined: [Double] = []
            for (k, value) in written.enumerated() {
                let fold = try #require(byFold["\(split)-\(k + 1)"])
                let tss = TinyDemo.trueSkillStatistic(
                    labels: fold.map { Int($0["label"] ?? "") ?? -1 }, probabilities: fold.map { Double($0["probability"] ?? "") ?? .nan },
                    threshold: Double(fold[0]["threshold"] ?? "") ?? .nan)
                if let tss {
                    #expect(abs((value as? Double ?? .nan) - tss) < 1e-9)
                    defined.append(tss)
                } else {
                    #expect(value is NSNull)
                }
            }
            // The summary's mean and sample standard deviation over the defined values.
            let mean = defined.reduce(0, +) / Double(defined.count)
            #expect(abs((object["tss_mean"] as? Double ?? .nan) - mean) < 1e-9)
            if defined.count > 1 {
                let std = (defined.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(defined.count - 1)).squareRoot()
                #expect(abs((object["tss_std"] as? Double ?? .nan) - std) < 1e-9)
            }
        }

        // Every file report.md links to exists; the figures are there.
        let report = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        let links = report.components(separatedBy: "](").dropFirst().compactMap { $0.split(separator: ")").first.map(String.init) }
        #expect(links.count >= 8)
        for link in links {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(link).path), "\(link)")
        }
        for figure in ["bhattacharjee/recall_vs_time_to_flare.svg", "bhattacharjee/flux_by_output.svg", "bhattacharjee/occlusion.png",
                       "bhattacharjee/bipole_radius.svg", "guastavino/tss_by_realisation.svg", "guastavino/class_rates.svg"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(figure).path), "\(figure)")
        }
        #expect(result.reportPath == folder.appendingPathComponent("report.md").path)
        #expect(result.scoreTable.contains("Bhattacharjee") && result.scoreTable.contains("Guastavino"))
    }

    @Test func sameSeedGivesTheSameScoresAndTheArchiveIsReused() throws {
        let folder = try TinyDemo.folder("seed")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = TinyDemo.configuration
        configuration.runsGuastavino = false
        var demo = Demo(configuration: configuration, log: .silent)
        demo.archiveDirectory = folder.appendingPathComponent("archive")
        let first = try demo.run(in: RunFolder(at: folder.appendingPathComponent("a")))
        let stamp = try FileManager.default.attributesOfItem(
            atPath: folder.appendingPathComponent("archive/swpc_flarelist.csv").path)[.modificationDate] as? Date
        let second = try demo.run(in: RunFolder(at: folder.appendingPathComponent("b")))
        let again = try FileManager.default.attributesOfItem(
            atPath: folder.appendingPathComponent("archive/swpc_flarelist.csv").path)[.modificationDate] as? Date
        #expect(stamp == again)   // reused, not regenerated
        #expect(first.bhattacharjee?.folds.map(\.trueSkillStatistic) == second.bhattacharjee?.folds.map(\.trueSkillStatistic))
        #expect(try String(contentsOf: folder.appendingPathComponent("a/bhattacharjee/predictions.csv"), encoding: .utf8)
            == String(contentsOf: folder.appendingPathComponent("b/bhattacharjee/predictions.csv"), encoding: .utf8))
    }

    @Test func aFolderThatIsNotAnArchiveIsNotOverwritten() throws {
        let folder = try TinyDemo.folder("foreign")
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = folder.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: archive.appendingPathComponent("notes.txt"))
        var demo = Demo(configuration: TinyDemo.configuration, log: .silent)
        demo.archiveDirectory = archive
        #expect(throws: PipelinesError.self) { try demo.run(in: RunFolder(at: folder.appendingPathComponent("run"))) }
        #expect(FileManager.default.fileExists(atPath: archive.appendingPathComponent("notes.txt").path))
    }
}
