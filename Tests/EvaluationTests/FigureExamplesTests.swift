import Foundation
import FoundationXML
import Testing

@testable import Evaluation

/// Writes one example of each paper figure to `<temporary directory>/svg-examples/` (on Linux
/// `/tmp/svg-examples/`) with the atomic writer and checks that each file reads back as SVG.
@Suite("Figure examples")
struct FigureExamplesTests {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svg-examples")

    /// The example figures, made from small deterministic synthetic numbers.
    static func examples() throws -> [(name: String, figure: Figure)] {
        let times = stride(from: -72.0, through: 72.0, by: 6).map { $0 }
        let mean = times.map { 0.8 - 0.3 * abs($0 + 6) / 78 }
        var recall = try Figure.recallCurve(
            times: times, mean: mean, lower: mean.map { $0 - 0.07 }, upper: mean.map { min(1, $0 + 0.07) })
        recall.panels[0].series.append(
            .line(try LineSeries(label: "SVM (SHARP)", x: times, y: mean.map { min(1, $0 + 0.08) }, color: .black, isDashed: true)))

        let box = try Figure.boxPlot(
            categories: ["X", "M", "C", "NO1", "NO2", "NO3", "NO4"],
            values: [
                [100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
                [92, 88, 95, 90, 86, 93, 91, 89, 94, 70],
                [61, 70, 58, 66, 64, 59, 72, 68, 63, 65],
                [98, 97, 99, 96, 98, 99, 97, 98, 100, 96],
                [88, 84, 90, 86, 85, 87, 89, 83, 86, 60],
                [55, 62, 48, 58, 60, 52, 57, 61, 50, 54],
                [85, 82, 88, 86, 84, 83, 87, 81, 90, 85],
            ], title: "Correctly predicted samples, C1+ (synthetic)", yLabel: "Rate (%)", yRange: 0...100)

        let centers = (0..<10).map { 0.05 + 0.1 * Double($0) }
        let histogram = try Figure.histogramWithFlux(
            binCenters: centers, flaringCounts: [40, 22, 18, 20, 25, 30, 41, 55, 80, 160],
            nonflaringCounts: [900, 310, 180, 120, 90, 70, 52, 40, 30, 22],
            flaringMeanFlux: centers.map { 1.5e22 + 4e22 * $0 }, flaringFluxError: centers.map { _ in 3e21 },
            nonflaringMeanFlux: centers.map { 0.5e22 + 3e22 * $0 }, nonflaringFluxError: centers.map { _ in 2e21 },
            title: "CNN output bins (synthetic)")

        let roc = try Figure.rocCurve(
            falsePositiveRates: [0, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 1],
            truePositiveRates: [0, 0.25, 0.45, 0.62, 0.78, 0.87, 0.92, 0.97, 1], auc: 0.8735)

        let reliability = try Figure.reliabilityDiagram(
            meanPredicted: [0.04, 0.15, 0.25, 0.34, 0.45, .nan, 0.66, 0.74, 0.85, 0.95],
            observedFrequency: [0.02, 0.1, 0.22, 0.3, 0.5, .nan, 0.6, 0.8, 0.82, 0.97],
            counts: [820, 310, 150, 90, 60, 0, 35, 30, 25, 40])

        let radii = [1.0, 2, 3.5, 5, 7.5, 10, 12.5, 15, 20, 25, 30]
        func bump(_ r: Double, _ scale: Double) -> Double {
            min(1, scale * (0.35 * exp(-pow(r - 3.5, 2) / 4) + 0.8 * exp(-pow(r - 12.5, 2) / 30)))
        }
        let curves = try Figure.curvesWithErrorBars(
            x: radii, means: [0.6, 0.8, 1.0].map { s in radii.map { bump($0, s) } },
            errors: [0.6, 0.8, 1.0].map { s in radii.map { 0.03 + 0.05 * bump($0, s) } },
            labels: ["1000 G", "2000 G", "3000 G"], xLabel: "Bipole radius (Mm)", yLabel: "CNN output",
            title: "CNN output vs bipole radius (synthetic)", yRange: 0...1)

        // Beyond one of each: a Fig. 5-like grid with long category names, log-scale flux, and
        // an empty panel beside a constant series.
        let tssC = try FigurePanel.boxPlot(
            categories: ["all classes", "NO3 excluded", "NO3, NO4 excluded", "NO3, NO4, NO2 excluded"],
            values: [[0.45, 0.5, 0.48, 0.52, 0.47], [0.55, 0.6, 0.57, 0.62, 0.58], [0.6, 0.64, 0.66, 0.61, 0.9],
                     [0.7, 0.72, 0.69, 0.75, 0.73]],
            title: "C1+ (synthetic)", yLabel: "TSS")
        let tssM = try FigurePanel.boxPlot(
            categories: ["all classes", "NO3 excluded", "NO3, NO4 excluded", "NO3, NO4, NO2 excluded", "... and C excluded"],
            values: [[0.3, 0.35, 0.32], [0.33, 0.36, 0.38], [0.36, 0.39, 0.41], [0.4, 0.42, 0.45], [0.7, 0.75, 0.8, 0.2]],
            title: "M1+ (synthetic)", yLabel: "TSS")
        let grid = Figure(width: 640, height: 760, title: "TSS while excluding classes", panels: [tssC, tssM], columns: 1)
        var logFlux = histogram
        logFlux.panels[1].yAxis.scale = .logarithmic
        let empty = Figure(width: 720, height: 320, title: "Empty and constant", panels: [
            FigurePanel(title: "all NaN", xAxis: FigureAxis(label: "x"), yAxis: FigureAxis(label: "y"),
                        series: [.line(try LineSeries(label: "nothing", x: [0, 1], y: [.nan, .nan]))]),
            FigurePanel(title: "constant", xAxis: FigureAxis(label: "x"), series: [
                .line(try LineSeries(label: "3", x: [0, 1, 2], y: [3, 3, 3], showsMarkers: true))]),
        ])

        return [
            ("extra-box-plot-grid", grid), ("extra-histogram-log-flux", logFlux), ("extra-empty-and-constant", empty),
            ("recall-curve", recall), ("box-plot", box), ("histogram-with-flux", histogram), ("roc-curve", roc),
            ("reliability-diagram", reliability), ("curves-with-error-bars", curves),
        ]
    }

    @Test func everyExampleIsWrittenAtomicallyAndReadsBackAsSVG() throws {
        try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
        for (name, figure) in try Self.examples() {
            let url = Self.directory.appendingPathComponent("\(name).svg")
            try Data("stale".utf8).write(to: url)
            try figure.write(to: url)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text == figure.svgText(), "\(name)")
            let root = try parseSVG(text)
            #expect(root.name == "svg", "\(name)")
            #expect(!root.elements("text", class: "tick-label").isEmpty, "\(name)")
            // No temporary file is left behind.
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
                .filter { $0.contains(".tmp") || $0.hasPrefix(".") }
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    @Test func writingIntoAMissingDirectoryThrowsAFileError() throws {
        let url = URL(fileURLWithPath: "/nonexistent-flarekit-\(UInt32.random(in: 0...UInt32.max))/figure.svg")
        do {
            try Figure(panels: [FigurePanel()]).write(to: url)
            Issue.record("expected an error")
        } catch let EvaluationError.file(path, _) {
            #expect(path == url.path)
        }
    }
}
