import Foundation
@testable import Interpretability
import Testing

@testable import Pipelines

@Suite("Bipole probe output folder")
struct BipoleProbeOutputTests {
    /// A hand-made radius sweep of two models: outputs 0.2/0.4 at 1 Mm and 0.6/0.8 at 2 Mm.
    static func sweep(clip: Double? = nil) -> BipoleSweep {
        let points = [(1.0, [0.2, 0.4]), (2.0, [0.6, 0.8])].map { value, outputs in
            BipoleSweep.Point(
                value: value, outputs: outputs, inputUnsignedFlux: 1e20, closedFormUnsignedFlux: 1e20,
                magnetogramWidth: 768, magnetogramHeight: 427)
        }
        return BipoleSweep(
            parameter: .radius, curves: [.init(label: "-+", settings: BipoleProbeSettings(), points: points)], modelCount: 2,
            clip: clip, probedFields: [2000])
    }

    @Test func tableListsEachPointWithItsMeanAndStandardError() {
        let lines = BipoleProbeOutput(sweep: Self.sweep(), models: ["a.safetensors"]).table().split(separator: "\n").map(String.init)
        #expect(lines[0] == "curve -+ (2 models)")
        #expect(lines[1] == "radius              mean    std.err")
        #expect(lines[2] == "1               0.300000   0.100000")
        #expect(lines[3] == "2               0.700000   0.100000")
        #expect(lines[4].hasPrefix("low peak: "))
    }

    @Test func writesTheSweepAndAReportAndRemovesAnEarlierProbesPeakRatios() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("probe-output-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: folder.appendingPathComponent("peak_ratio.csv"))
        let output = BipoleProbeOutput(sweep: Self.sweep(clip: 1000), models: ["a.safetensors", "b.safetensors"])
        try output.write(toFolder: folder.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
                    == ["report.md", "sweep.csv", "sweep.json", "sweep.svg"])
        let report = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.hasPrefix("# Bipole probe: radius sweep\n\nModels: `a.safetensors`, `b.safetensors`.\n\n**Warning:** the models clip"))
        #expect(report.contains("```\n" + output.table() + "\n```"))
        #expect(report.contains("![Mean output (± standard error over the models) against radius](sweep.svg)"))
        #expect(!report.contains("peak_ratio"))
    }
}
