import Foundation
import FoundationXML
import Testing

@testable import Evaluation

@Suite("Figure box plots")
struct FigureBoxPlotTests {
    // Hand-computed (and checked against numpy.percentile): for 1...9 and 40, Q1 sits at
    // position 0.25 * 9 = 2.25 between 3 and 4, the median at 4.5, Q3 at 6.75; IQR 4.5, so the
    // fences are -3.5 and 14.5.
    static let sampleA: [Double] = [9, 1, 40, 2, 8, 3, 7, 4, 6, 5]
    // For -20, 10...14: Q1 at 1.25 -> 10.25, median 11.5, Q3 at 3.75 -> 12.75; IQR 2.5, fences
    // 6.5 and 16.5.
    static let sampleB: [Double] = [13, -20, 10, 14, 11, .nan, 12]

    @Test func quartilesWhiskersAndOutliersMatchHandComputation() throws {
        let a = try #require(BoxPlotStatistics(values: Self.sampleA))
        #expect(a.count == 10)
        #expect(a.firstQuartile == 3.25 && a.median == 5.5 && a.thirdQuartile == 7.75)
        #expect(a.interquartileRange == 4.5)
        #expect(a.lowerWhisker == 1 && a.upperWhisker == 9)
        #expect(a.outliers == [40])
        #expect(a.mean == 8.5)
        #expect(a.minimum == 1 && a.maximum == 40)

        let b = try #require(BoxPlotStatistics(values: Self.sampleB))
        #expect(b.count == 6)  // the NaN is left out
        #expect(b.firstQuartile == 10.25 && b.median == 11.5 && b.thirdQuartile == 12.75)
        #expect(b.lowerWhisker == 10 && b.upperWhisker == 14)
        #expect(b.outliers == [-20])
        #expect(abs(b.mean - 40.0 / 6) < 1e-12)
    }

    @Test func smallAndDegenerateSamples() throws {
        let one = try #require(BoxPlotStatistics(values: [7]))
        #expect(one.firstQuartile == 7 && one.median == 7 && one.thirdQuartile == 7)
        #expect(one.lowerWhisker == 7 && one.upperWhisker == 7 && one.outliers.isEmpty)

        let two = try #require(BoxPlotStatistics(values: [3, 1]))
        #expect(two.firstQuartile == 1.5 && two.median == 2 && two.thirdQuartile == 2.5)

        // All equal but one: IQR 0, so anything different is an outlier.
        let flat = try #require(BoxPlotStatistics(values: [100, 100, 100, 100, 100, 90]))
        #expect(flat.interquartileRange == 0 && flat.outliers == [90] && flat.lowerWhisker == 100)

        // A gap: the nearest value inside the low fence (0.7) is above Q1 = 0.575, so the
        // lower whisker stops at Q1 and 0.2 is the only outlier.
        let gap = try #require(BoxPlotStatistics(values: [0.8, 0.2, 0.75, 0.7]))
        #expect(abs(gap.firstQuartile - 0.575) < 1e-12 && abs(gap.thirdQuartile - 0.7625) < 1e-12)
        #expect(gap.lowerWhisker == gap.firstQuartile && gap.upperWhisker == 0.8)
        #expect(gap.outliers == [0.2])

        #expect(BoxPlotStatistics(values: []) == nil)
        #expect(BoxPlotStatistics(values: [.nan, .infinity]) == nil)
        #expect(BoxPlotStatistics.quantile(sorted: [], 0.5) == nil)
        #expect(BoxPlotStatistics.quantile(sorted: [1, 2, 3, 4], 0) == 1)
        #expect(BoxPlotStatistics.quantile(sorted: [1, 2, 3, 4], 1) == 4)
        #expect(BoxPlotStatistics.quantile(sorted: [1, 2, 3, 4], 0.9) == 3.7)
    }

    @Test func drawnBoxesMatchTheStatistics() throws {
        let figure = try Figure.boxPlot(categories: ["A", "B"], values: [Self.sampleA, Self.sampleB], yRange: -30...50)
        let root = try parseSVG(figure.svgText())
        let area = try svgPlotArea(root)
        // x: categories 0 and 1 on -0.5...1.5; y: -30...50.
        func px(_ x: Double) -> Double { area.x + (x + 0.5) / 2 * area.width }
        func py(_ y: Double) -> Double { area.y + area.height - (y + 30) / 80 * area.height }
        let statistics = [(q1: 3.25, median: 5.5, q3: 7.75, low: 1.0, high: 9.0, mean: 8.5, outlier: 40.0),
                          (q1: 10.25, median: 11.5, q3: 12.75, low: 10, high: 14, mean: 40.0 / 6, outlier: -20)]

        let boxes = root.elements("rect", class: "box")
        let medians = root.elements("path", class: "median").map { svgPathPoints($0.attributes["d"] ?? "") }
        let whiskers = root.elements("path", class: "whisker").map { svgPathPoints($0.attributes["d"] ?? "") }
        let outliers = root.elements("circle", class: "outlier")
        let means = root.elements("path", class: "mean").map { svgPathPoints($0.attributes["d"] ?? "") }
        try #require(boxes.count == 2 && medians.count == 2 && whiskers.count == 2 && outliers.count == 2 && means.count == 2)

        for (index, wanted) in statistics.enumerated() {
            let cx = px(Double(index))
            // The box is 0.48 category slots wide around the category.
            let box = boxes[index]
            #expect(abs((box.number("x") ?? .nan) + (box.number("width") ?? .nan) / 2 - cx) < 0.002)
            #expect(abs((box.number("width") ?? .nan) - 0.48 / 2 * area.width) < 0.002)
            #expect(abs((box.number("y") ?? .nan) - py(wanted.q3)) < 0.002)
            #expect(abs((box.number("height") ?? .nan) - (py(wanted.q1) - py(wanted.q3))) < 0.002)
            #expect(medians[index].allSatisfy { abs($0.y - py(wanted.median)) < 0.002 })
            // Whiskers run from the box edges to the whisker ends.
            let verticals = whiskers[index].filter { abs($0.x - cx) < 0.002 }.map(\.y)
            for y in [wanted.q1, wanted.low, wanted.q3, wanted.high].map(py) {
                #expect(verticals.contains { abs($0 - y) < 0.002 }, "whisker end \(y)")
            }
            #expect(abs((outliers[index].number("cx") ?? .nan) - cx) < 0.002)
            #expect(abs((outliers[index].number("cy") ?? .nan) - py(wanted.outlier)) < 0.002)
            // The star's ten vertices average to its centre, the mean.
            let star = means[index]
            try #require(star.count == 10)
            let centre = (x: star.map(\.x).reduce(0, +) / 10, y: star.map(\.y).reduce(0, +) / 10)
            #expect(svgPointNear(centre, (cx, py(wanted.mean)), tolerance: 0.003))
        }
        #expect(root.elements("text", class: "tick-label").filter { $0.attributes["class"] == "tick-label x" }.map(\.text) == ["A", "B"])
    }

    @Test func longCategoryNamesAreTurned() throws {
        let names = ["all classes", "NO3 samples excluded", "NO3 and NO4 samples excluded", "NO3, NO4 and NO2 samples excluded"]
        let figure = try Figure.boxPlot(categories: names, values: names.map { _ in [0.4, 0.5, 0.6] })
        let root = try parseSVG(figure.svgText())
        let labels = root.elements("text", class: "tick-label").filter { $0.attributes["class"] == "tick-label x" }
        #expect(labels.map(\.text) == names)
        #expect(labels.allSatisfy { ($0.attributes["transform"] ?? "").hasPrefix("rotate(-35 ") })
        let short = try parseSVG(try Figure.boxPlot(categories: ["X", "M"], values: [[1], [2]]).svgText())
        #expect(short.elements("text", class: "tick-label").allSatisfy { $0.attributes["transform"] == nil })
    }

    @Test func boxSeriesSideBySideShareACategory() throws {
        let panel = FigurePanel(
            xAxis: FigureAxis(categories: ["TP", "TN"]), yAxis: FigureAxis(range: 0...10),
            series: [
                .boxPlot(BoxPlotSeries(label: "C1+", groups: [[1, 2, 3], [4, 5, 6]])),
                .boxPlot(BoxPlotSeries(label: "M1+", groups: [[2, 3, 4], [5, 6, 7]])),
            ])
        let root = try parseSVG(Figure(panels: [panel]).svgText())
        let area = try svgPlotArea(root)
        let centres = root.elements("rect", class: "box").map { ($0.number("x") ?? .nan) + ($0.number("width") ?? .nan) / 2 }
        try #require(centres.count == 4)
        // Slots of 0.4 within each 0.8-wide category: centres at i - 0.2 and i + 0.2.
        func px(_ x: Double) -> Double { area.x + (x + 0.5) / 2 * area.width }
        for (centre, wanted) in zip(centres, [-0.2, 0.8, 0.2, 1.2]) { #expect(abs(centre - px(wanted)) < 0.002) }
        #expect(root.elements("text", class: "legend-label").map(\.text) == ["C1+", "M1+"])
    }
}
