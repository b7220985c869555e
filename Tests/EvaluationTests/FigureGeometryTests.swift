import Foundation
import FoundationXML
import Testing

@testable import Evaluation

/// Data points map through the axis transform to the coordinates in the SVG. Expected pixels are
/// computed here from the drawn plot area and the (fixed or hand-derived) axis ranges.
@Suite("Figure geometry")
struct FigureGeometryTests {
    typealias Area = (x: Double, y: Double, width: Double, height: Double)

    /// The pixel of `(x, y)` on linear axes spanning `xRange` and `yRange` in `area`.
    static func pixel(_ x: Double, _ y: Double, _ area: Area, _ xRange: ClosedRange<Double>, _ yRange: ClosedRange<Double>) -> (x: Double, y: Double) {
        let fx = (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
        let fy = (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)
        return (area.x + fx * area.width, area.y + area.height - fy * area.height)
    }

    static func circles(_ root: SVGElementNode, class cssClass: String) -> [(x: Double, y: Double)] {
        root.elements("circle", class: cssClass).compactMap { element in
            guard let x = element.number("cx"), let y = element.number("cy") else { return nil }
            return (x, y)
        }
    }

    @Test func linePointsAndMarkersSitWhereTheAxesPutThem() throws {
        let x = [2.0, 5, 9], y = [30.0, 80, 55]
        let panel = FigurePanel(
            xAxis: FigureAxis(label: "x", range: 0...10), yAxis: FigureAxis(label: "y", range: 0...100),
            series: [.line(try LineSeries(label: "curve", x: x, y: y, showsMarkers: true))])
        let root = try parseSVG(Figure(width: 600, height: 400, panels: [panel]).svgText())
        let area = try svgPlotArea(root)
        #expect(area.x > 0 && area.y > 0 && area.x + area.width < 600 && area.y + area.height < 400)
        let expected = zip(x, y).map { Self.pixel($0, $1, area, 0...10, 0...100) }

        let lines = root.elements("path", class: "line")
        try #require(lines.count == 1)
        let points = svgPathPoints(lines[0].attributes["d"] ?? "")
        try #require(points.count == 3)
        for (point, wanted) in zip(points, expected) { #expect(svgPointNear(point, wanted), "\(point) vs \(wanted)") }
        let markers = Self.circles(root, class: "marker")
        try #require(markers.count == 3)
        for (point, wanted) in zip(markers, expected) { #expect(svgPointNear(point, wanted)) }

        let xLabels = root.elements("text", class: "tick-label").filter { $0.attributes["class"] == "tick-label x" }.map(\.text)
        let yLabels = root.elements("text", class: "tick-label").filter { $0.attributes["class"] == "tick-label y" }.map(\.text)
        #expect(xLabels == ["0", "2", "4", "6", "8", "10"])
        #expect(yLabels == ["0", "20", "40", "60", "80", "100"])
        // Each tick label sits at its tick.
        for element in root.elements("text", class: "tick-label") where element.attributes["class"] == "tick-label x" {
            let value = try #require(Double(element.text))
            #expect(abs((element.number("x") ?? .nan) - Self.pixel(value, 0, area, 0...10, 0...100).x) < 0.002)
        }
        #expect(root.elements("text", class: "legend-label").map(\.text) == ["curve"])
        #expect(root.elements("text", class: "axis-label").map(\.text) == ["x", "y"])
    }

    @Test func nonFinitePointsBreakTheLineAndLonePointsStayVisible() throws {
        let x = [0.0, 1, 2, 3, 4, 5], y = [1.0, .nan, 3, 4, .nan, 6]
        let panel = FigurePanel(
            xAxis: FigureAxis(range: 0...5), yAxis: FigureAxis(range: 0...10),
            series: [.line(try LineSeries(x: x, y: y))])
        let text = Figure(panels: [panel]).svgText()
        #expect(!text.lowercased().contains("nan"))
        let root = try parseSVG(text)
        let area = try svgPlotArea(root)
        let data = try #require(root.elements("path", class: "line").first?.attributes["d"])
        #expect(data.filter { $0 == "M" }.count == 1)
        let points = svgPathPoints(data)
        try #require(points.count == 2)
        #expect(svgPointNear(points[0], Self.pixel(2, 3, area, 0...5, 0...10)))
        #expect(svgPointNear(points[1], Self.pixel(3, 4, area, 0...5, 0...10)))
        let dots = Self.circles(root, class: "marker")
        try #require(dots.count == 2)
        #expect(svgPointNear(dots[0], Self.pixel(0, 1, area, 0...5, 0...10)))
        #expect(svgPointNear(dots[1], Self.pixel(5, 6, area, 0...5, 0...10)))
    }

    @Test func bandOutlineRunsAlongTheUpperEdgeAndBackAlongTheLower() throws {
        let panel = FigurePanel(
            xAxis: FigureAxis(range: 0...2), yAxis: FigureAxis(range: 0...5),
            series: [.band(try BandSeries(label: "±1σ", x: [0, 1, 2], lower: [1, 2, 3], upper: [2, 3, 5]))])
        let root = try parseSVG(Figure(panels: [panel]).svgText())
        let area = try svgPlotArea(root)
        let band = try #require(root.elements("path", class: "band").first)
        #expect((band.attributes["d"] ?? "").hasSuffix("Z"))
        let points = svgPathPoints(band.attributes["d"] ?? "")
        let expected = [(0.0, 2.0), (1, 3), (2, 5), (2, 3), (1, 2), (0, 1)].map { Self.pixel($0.0, $0.1, area, 0...2, 0...5) }
        try #require(points.count == expected.count)
        for (point, wanted) in zip(points, expected) { #expect(svgPointNear(point, wanted)) }
        #expect(root.elements("text", class: "legend-label").map(\.text) == ["±1σ"])
    }

    @Test func errorBarsSpanTheirBoundsWithCaps() throws {
        let panel = FigurePanel(
            xAxis: FigureAxis(range: 0...4), yAxis: FigureAxis(range: 0...6),
            series: [.errorBars(try ErrorBarSeries(label: "2000 G", x: [1, 3], y: [2, 4], error: [0.5, 1]))])
        let root = try parseSVG(Figure(panels: [panel]).svgText())
        let area = try svgPlotArea(root)
        let bars = svgPathPoints(try #require(root.elements("path", class: "error-bar").first?.attributes["d"]))
        // Per point: the bar (bottom, top), then the bottom cap and the top cap.
        try #require(bars.count == 12)
        for (index, (x, y, e)) in [(1.0, 2.0, 0.5), (3, 4, 1)].enumerated() {
            let bottom = Self.pixel(x, y - e, area, 0...4, 0...6), top = Self.pixel(x, y + e, area, 0...4, 0...6)
            #expect(svgPointNear(bars[6 * index], bottom))
            #expect(svgPointNear(bars[6 * index + 1], top))
            #expect(svgPointNear(bars[6 * index + 2], (bottom.x - 4, bottom.y)) && svgPointNear(bars[6 * index + 3], (bottom.x + 4, bottom.y)))
        }
        let markers = Self.circles(root, class: "marker")
        #expect(markers.count == 2)
        #expect(svgPointNear(markers[1], Self.pixel(3, 4, area, 0...4, 0...6)))
    }

    @Test func groupedBarsShareEachBinSideBySide() throws {
        let panel = FigurePanel(
            xAxis: FigureAxis(range: 0...1), yAxis: FigureAxis(range: 0...40),
            series: [
                .bars(try BarSeries(label: "flaring", centers: [0.25, 0.75], heights: [10, 30], width: 0.5)),
                .bars(try BarSeries(label: "nonflaring", centers: [0.25, 0.75], heights: [20, 5], width: 0.5)),
            ])
        let root = try parseSVG(Figure(panels: [panel]).svgText())
        let area = try svgPlotArea(root)
        let rects = root.elements("rect", class: "bar")
        try #require(rects.count == 4)
        // 90% of each bin is shared by the two series: 0.225 each, starting at centre - 0.225.
        let expected: [(left: Double, height: Double)] = [(0.025, 10), (0.525, 30), (0.25, 20), (0.75, 5)]
        for (rect, wanted) in zip(rects, expected) {
            let topLeft = Self.pixel(wanted.left, wanted.height, area, 0...1, 0...40)
            let bottomRight = Self.pixel(wanted.left + 0.225, 0, area, 0...1, 0...40)
            #expect(abs((rect.number("x") ?? .nan) - topLeft.x) < 0.002)
            #expect(abs((rect.number("y") ?? .nan) - topLeft.y) < 0.002)
            #expect(abs((rect.number("width") ?? .nan) - (bottomRight.x - topLeft.x)) < 0.002)
            #expect(abs((rect.number("height") ?? .nan) - (bottomRight.y - topLeft.y)) < 0.002)
        }
        #expect(rects[0].attributes["fill"] != rects[2].attributes["fill"])
        #expect(root.elements("text", class: "legend-label").map(\.text) == ["flaring", "nonflaring"])
    }

    @Test func histogramWithFluxBarsAreProportionalToCounts() throws {
        let centers = [0.05, 0.15, 0.25, 0.35]
        let figure = try Figure.histogramWithFlux(
            binCenters: centers, flaringCounts: [10, 20, 40, 0], nonflaringCounts: [80, 40, 20, 10],
            flaringMeanFlux: [1e22, 2e22, 3e22, .nan], flaringFluxError: [1e21, 1e21, 1e21, .nan],
            nonflaringMeanFlux: [0.5e22, 1e22, 1.5e22, 2e22], nonflaringFluxError: [5e20, 5e20, 5e20, 5e20])
        let root = try parseSVG(figure.svgText())
        #expect(root.elements("rect", class: "plot-area").count == 2)
        let left = try svgPlotArea(root, panel: 0), right = try svgPlotArea(root, panel: 1)
        #expect(right.x > left.x + left.width)
        let rects = root.elements("rect", class: "bar")
        try #require(rects.count == 8)
        let heights = rects.map { $0.number("height") ?? .nan }
        let counts = [10.0, 20, 40, 0, 80, 40, 20, 10]
        let perCount = heights[4] / 80
        for (height, count) in zip(heights, counts) { #expect(abs(height - count * perCount) < 0.01) }
        for rect in rects { #expect(abs((rect.number("y") ?? .nan) + (rect.number("height") ?? .nan) - (left.y + left.height)) < 0.002) }
        // The NaN flux bin is skipped: 3 flaring + 4 nonflaring points.
        #expect(root.elements("circle", class: "marker").count == 7)
        #expect(Set(root.elements("text", class: "legend-label").map(\.text)) == ["flaring", "nonflaring"])
    }

    @Test func logarithmicAxisMapsPowersOfTenEvenly() throws {
        let panel = FigurePanel(
            xAxis: FigureAxis(range: 0...1), yAxis: FigureAxis(label: "flux", scale: .logarithmic),
            series: [.errorBars(try ErrorBarSeries(x: [0.25, 0.5, 0.75], y: [2e21, 5e22, -1], error: [0, 0, 0]))])
        let root = try parseSVG(Figure(panels: [panel]).svgText())
        let area = try svgPlotArea(root)
        let markers = Self.circles(root, class: "marker")
        try #require(markers.count == 2)  // the negative value cannot be shown
        // Hand-derived domain: the data's own 2×10^21 ... 5×10^22 (1-2-5 values).
        #expect(abs(markers[0].y - (area.y + area.height)) < 0.002)
        #expect(abs(markers[1].y - area.y) < 0.002)
        let labels = root.elements("text", class: "tick-label").filter { $0.attributes["class"] == "tick-label y" }
        #expect(labels.map(\.text) == ["2\u{00D7}1021", "5\u{00D7}1021", "1022", "2\u{00D7}1022", "5\u{00D7}1022"])
        for (label, value) in zip(labels, [2e21, 5e21, 1e22, 2e22, 5e22]) {
            let fraction = (log10(value) - log10(2e21)) / (log10(5e22) - log10(2e21))
            let y = area.y + area.height - fraction * area.height
            #expect(abs((label.number("y") ?? .nan) - (y + 0.35 * 11)) < 0.002)
        }
        #expect(root.elements("tspan").count == 5)
    }

    @Test func emptyOrAllNaNPanelsShowANoteInsteadOfData() throws {
        let allNaN = FigurePanel(series: [.line(try LineSeries(label: "a", x: [0, 1], y: [.nan, .nan]))])
        let empty = FigurePanel(series: [.line(try LineSeries(x: [], y: []))], emptyNote: "nothing to show")
        let boxes = FigurePanel(series: [.boxPlot(BoxPlotSeries(groups: [[], [.nan]]))])
        let root = try parseSVG(Figure(panels: [allNaN, empty, boxes]).svgText())
        #expect(root.elements("text", class: "note").map(\.text) == ["no finite data", "nothing to show", "no finite data"])
        #expect(root.elements("path", class: "line").isEmpty && root.elements("circle", class: "marker").isEmpty)
        #expect(root.elements("rect", class: "box").isEmpty)
        // Axes are still drawn (default 0...1).
        #expect(root.elements("text", class: "tick-label").map(\.text).contains("1.0"))

        let none = try parseSVG(Figure(title: "nothing", panels: []).svgText())
        #expect(none.name == "svg")
    }

    @Test func constantSeriesSitsInsideTheAxis() throws {
        let panel = FigurePanel(series: [.line(try LineSeries(x: [0, 1, 2], y: [3, 3, 3], showsMarkers: true))])
        let root = try parseSVG(Figure(panels: [panel]).svgText())
        let area = try svgPlotArea(root)
        let markers = Self.circles(root, class: "marker")
        try #require(markers.count == 3)
        for marker in markers {
            #expect(abs(marker.y - markers[0].y) < 0.001)
            #expect(marker.y > area.y + 1 && marker.y < area.y + area.height - 1)
        }
        #expect(root.elements("text", class: "tick-label").filter { $0.attributes["class"] == "tick-label y" }.count >= 3)
    }

    @Test func referenceLinesSpanThePanel() throws {
        let panel = FigurePanel(
            xAxis: FigureAxis(range: 0...1), yAxis: FigureAxis(range: 0...1),
            series: [
                .line(try LineSeries(x: [0, 1], y: [0.2, 0.9])),
                .reference(ReferenceLine(.diagonal, label: "chance")),
                .reference(ReferenceLine(.horizontal(y: 0.5))),
                .reference(ReferenceLine(.vertical(x: 0.25))),
            ])
        let root = try parseSVG(Figure(panels: [panel]).svgText())
        let area = try svgPlotArea(root)
        let references = root.elements("path", class: "reference").map { svgPathPoints($0.attributes["d"] ?? "") }
        try #require(references.count == 3)
        #expect(svgPointNear(references[0][0], (area.x, area.y + area.height)) && svgPointNear(references[0][1], (area.x + area.width, area.y)))
        #expect(svgPointNear(references[1][0], (area.x, area.y + area.height / 2)) && svgPointNear(references[1][1], (area.x + area.width, area.y + area.height / 2)))
        #expect(abs(references[2][0].x - (area.x + area.width / 4)) < 0.002)
        #expect(root.elements("text", class: "legend-label").map(\.text) == ["chance"])
    }

    @Test func automaticLegendAvoidsTheData() throws {
        let panel = FigurePanel(
            xAxis: FigureAxis(range: 0...1), yAxis: FigureAxis(range: 0...1),
            series: [.line(try LineSeries(label: "top right", x: [0.7, 0.85, 1], y: [0.8, 0.95, 0.9], showsMarkers: true))])
        let root = try parseSVG(Figure(panels: [panel]).svgText())
        let area = try svgPlotArea(root)
        let box = try #require(root.elements("rect", class: "legend-box").first)
        #expect(abs((box.number("x") ?? .nan) - (area.x + 8)) < 0.002)
        #expect(abs((box.number("y") ?? .nan) - (area.y + 8)) < 0.002)
    }

    @Test func seriesWithoutColourTakeThePaletteInTurn() throws {
        let panel = FigurePanel(series: [
            .line(try LineSeries(x: [0, 1], y: [0, 1])),
            .reference(ReferenceLine(.diagonal)),
            .line(try LineSeries(x: [0, 1], y: [1, 0])),
            .line(try LineSeries(x: [0, 1], y: [0.5, 0.5], color: .black)),
        ])
        let root = try parseSVG(Figure(panels: [panel]).svgText())
        let strokes = root.elements("path", class: "line").compactMap { $0.attributes["stroke"] }
        #expect(strokes == ["#0072b2", "#d55e00", "#000000"])
        #expect(root.elements("path", class: "reference").first?.attributes["stroke"] == "#666666")
    }

    @Test func panelsFillTheGridRowByRow() throws {
        let panels = (0..<4).map { FigurePanel(title: "p\($0)", series: []) }
        let root = try parseSVG(Figure(width: 800, height: 600, panels: panels, columns: 2).svgText())
        let areas = try (0..<4).map { try svgPlotArea(root, panel: $0) }
        #expect(abs(areas[0].y - areas[1].y) < 0.001 && areas[1].x > areas[0].x + areas[0].width)
        #expect(areas[2].y > areas[0].y + areas[0].height && abs(areas[2].x - areas[0].x) < 0.001)
        for area in areas { #expect(area.x + area.width <= 800 && area.y + area.height <= 600) }
        #expect(root.elements("text", class: "panel-title").map(\.text) == ["p0", "p1", "p2", "p3"])
    }
}
