import Datasets
import Foundation
import Testing

@testable import Evaluation

/// The result types draw the figures the papers show; each SVG parses and carries its data.
@Suite("Figures of evaluation results")
struct FigureResultAdapterTests {
    private func text(of root: SVGElementNode) -> String {
        ([root.text] + root.children.map(text(of:))).joined(separator: " ")
    }

    @Test func recallAcrossModelsDrawsMeanAndBand() throws {
        let bins = try EqualWidthBins(lower: -2, upper: 2, count: 4)
        let a = RecallVersusTimeToFlare(samples: [
            .init(timeRelativeToFlare: -1.5, isFlaring: true, predictedFlaring: true),
            .init(timeRelativeToFlare: 0.5, isFlaring: true, predictedFlaring: false),
        ], bins: bins)
        let b = RecallVersusTimeToFlare(samples: [
            .init(timeRelativeToFlare: -1.5, isFlaring: true, predictedFlaring: false),
        ], bins: bins)
        let figure = try RecallAcrossModels([a, b]).figure()
        let root = try parseSVG(figure.svgText())
        #expect(root.name == "svg")
        #expect(text(of: root).contains("Instantaneous recall"))
        #expect(!figure.svgText().contains("NaN"))
    }

    @Test func fluxBinsROCReliabilityAndRatesDraw() throws {
        let outputs = [0.05, 0.15, 0.95, 0.85, 0.55, 0.45]
        let labels: [Double] = [0, 0, 1, 1, 1, 0]
        let flux = [1e21, 2e21, 9e21, 8e21, 5e21, 3e21]
        let figures = [
            try FluxByOutputBin(outputs: outputs, labels: labels, totalUnsignedFlux: flux).figure(),
            try ROCCurve(probabilities: outputs, labels: labels).figure(),
            try ReliabilityDiagram(probabilities: outputs, labels: labels).figure(),
            try ClassRatesAcrossRealisations([
                try ClassRates(task: .m1, classes: [.X, .M, .C, .NO1], probabilities: [0.9, 0.4, 0.2, 0.1]),
                try ClassRates(task: .m1, classes: [.X, .M, .C, .NO1], probabilities: [0.9, 0.6, 0.7, 0.1]),
            ]).figure(),
            try Figure.scoreBoxPlot([("all", [0.5, 0.6, nil, 0.7]), ("no NO3", [0.6, 0.7, 0.8])]),
        ]
        for figure in figures {
            let svg = figure.svgText()
            _ = try parseSVG(svg)
            #expect(!svg.contains("NaN") && !svg.contains("inf"))
        }
        #expect(text(of: try parseSVG(figures[1].svgText())).contains("AUC"))
        #expect(text(of: try parseSVG(figures[3].svgText())).contains("X (TP)"))
    }
}
