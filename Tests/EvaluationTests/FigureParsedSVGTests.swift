import Foundation
import FoundationXML
import Testing

@testable import Evaluation

// MARK: A small SVG reader for the figure tests (XMLParser into a tree).

/// An element of a parsed SVG file.
final class SVGElementNode {
    let name: String
    let attributes: [String: String]
    var children: [SVGElementNode] = []
    /// Character data directly inside this element and its descendants, in order.
    var text = ""
    weak var parent: SVGElementNode?

    init(name: String, attributes: [String: String], parent: SVGElementNode?) {
        self.name = name
        self.attributes = attributes
        self.parent = parent
    }

    /// This element and every descendant, depth first.
    var all: [SVGElementNode] { [self] + children.flatMap(\.all) }

    /// Descendants (and self) named `name`, optionally with `class` containing `cssClass`.
    func elements(_ name: String, class cssClass: String? = nil) -> [SVGElementNode] {
        all.filter { element in
            guard element.name == name else { return false }
            guard let cssClass else { return true }
            return (element.attributes["class"] ?? "").split(separator: " ").contains(Substring(cssClass))
        }
    }

    /// A numeric attribute.
    func number(_ attribute: String) -> Double? {
        attributes[attribute].flatMap(Double.init)
    }
}

/// Builds the element tree; records the first parse error.
final class SVGTreeBuilder: NSObject, XMLParserDelegate {
    var root: SVGElementNode?
    private var stack: [SVGElementNode] = []
    var error: Error?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let element = SVGElementNode(name: elementName, attributes: attributes, parent: stack.last)
        stack.last?.children.append(element)
        if root == nil { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        for element in stack { element.text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if error == nil { error = parseError }
    }
}

struct SVGParseFailure: Error, CustomStringConvertible {
    var description: String
}

/// Parses SVG text; throws if XMLParser reports any error.
func parseSVG(_ text: String) throws -> SVGElementNode {
    let parser = XMLParser(data: Data(text.utf8))
    let builder = SVGTreeBuilder()
    parser.delegate = builder
    let ok = parser.parse()
    if let error = builder.error ?? parser.parserError { throw SVGParseFailure(description: "XML error: \(error)") }
    guard ok, let root = builder.root else { throw SVGParseFailure(description: "no root element") }
    return root
}

/// The coordinate pairs of path data written as `Mx,y Lx,y ...` (commands dropped).
func svgPathPoints(_ data: String) -> [(x: Double, y: Double)] {
    data.split(separator: " ").compactMap { token in
        var token = token
        while let first = token.first, first.isLetter { token = token.dropFirst() }
        let parts = token.split(separator: ",")
        guard parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]) else { return nil }
        return (x, y)
    }
}

/// The plot area of panel `index` as drawn (the `rect.plot-area`).
func svgPlotArea(_ root: SVGElementNode, panel index: Int = 0) throws -> (x: Double, y: Double, width: Double, height: Double) {
    let rects = root.elements("rect", class: "plot-area")
    guard index < rects.count, let x = rects[index].number("x"), let y = rects[index].number("y"),
        let width = rects[index].number("width"), let height = rects[index].number("height")
    else { throw SVGParseFailure(description: "no plot area \(index)") }
    return (x, y, width, height)
}

/// Whether `point` is within `tolerance` of `expected` in both coordinates.
func svgPointNear(_ point: (x: Double, y: Double), _ expected: (x: Double, y: Double), tolerance: Double = 0.002) -> Bool {
    abs(point.x - expected.x) <= tolerance && abs(point.y - expected.y) <= tolerance
}

// MARK: Document structure

@Suite("Figure SVG documents")
struct FigureParsedSVGTests {
    static func sampleFigure(title: String = "Sample") throws -> Figure {
        let panel = FigurePanel(
            title: "Panel", xAxis: FigureAxis(label: "x"), yAxis: FigureAxis(label: "y"),
            series: [.line(try LineSeries(label: "curve", x: [0, 1, 2], y: [0.1, 0.5, 0.3], showsMarkers: true))])
        return Figure(width: 400, height: 300, title: title, panels: [panel])
    }

    @Test func rootIsStandaloneSVGWithSizeAndViewBox() throws {
        let text = try Self.sampleFigure().svgText()
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
        let root = try parseSVG(text)
        #expect(root.name == "svg")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root.attributes["width"] == "400")
        #expect(root.attributes["height"] == "300")
        #expect(root.attributes["viewBox"] == "0 0 400 300")
        // No scripts, no external references.
        #expect(root.elements("script").isEmpty)
        #expect(!text.contains("http://") || text.components(separatedBy: "http://").count == 2)
        #expect(!text.contains("@import") && !text.contains("href"))
    }

    @Test func titleWithMarkupCharactersIsEscaped() throws {
        let title = "Recall <CNN> & \"SVM\" 'LOS'\u{01}"
        let figure = try Self.sampleFigure(title: title)
        let text = figure.svgText()
        #expect(text.contains("Recall &lt;CNN&gt; &amp; &quot;SVM&quot; &apos;LOS&apos;"))
        let root = try parseSVG(text)
        let expected = "Recall <CNN> & \"SVM\" 'LOS'"  // the control character is dropped
        #expect(root.elements("title").first?.text == expected)
        #expect(root.elements("text", class: "figure-title").first?.text == expected)

        var panel = figure.panels[0]
        panel.xAxis.label = "a < b & c"
        panel.series = [.line(try LineSeries(label: "\"quoted\" & <tag>", x: [0, 1], y: [0, 1]))]
        let second = try parseSVG(Figure(title: nil, panels: [panel]).svgText())
        #expect(second.elements("text", class: "axis-label").map(\.text).contains("a < b & c"))
        #expect(second.elements("text", class: "legend-label").map(\.text) == ["\"quoted\" & <tag>"])
    }

    @Test func sameInputGivesSameBytes() throws {
        let first = try Self.sampleFigure().svgText()
        let second = try Self.sampleFigure().svgText()
        #expect(first == second)
        let recall = try Figure.recallCurve(
            times: [-48, -24, 0, 24], mean: [0.55, 0.7, 0.8, 0.66], lower: [0.45, 0.6, 0.7, 0.56],
            upper: [0.65, 0.8, 0.9, 0.76])
        #expect(Data(recall.svgText().utf8) == Data(recall.svgText().utf8))
    }

    @Test func numbersHaveAtMostThreeDecimalsAndNoExponent() throws {
        let text = try Figure.recallCurve(
            times: [-72.123456, -1.0 / 3, 24], mean: [0.123456, 2.0 / 3, 0.5], lower: [0.1, 0.6, 0.4],
            upper: [0.2, 0.7, 0.6]
        ).svgText()
        let root = try parseSVG(text)
        for element in root.all {
            for (name, value) in element.attributes where ["x", "y", "cx", "cy", "r", "width", "height"].contains(name) {
                #expect(Double(value) != nil, "\(name)=\(value)")
                #expect(!value.contains("e") && !value.contains("E"))
                if let dot = value.firstIndex(of: ".") {
                    #expect(value[value.index(after: dot)...].count <= 3, "\(name)=\(value)")
                }
            }
        }
        #expect(SVGNumberFormat.coordinate(1.0 / 3) == "0.333")
        #expect(SVGNumberFormat.coordinate(-0.0001) == "0")
        #expect(SVGNumberFormat.coordinate(2.5) == "2.5")
        #expect(SVGNumberFormat.coordinate(-12.3456) == "-12.346")
        #expect(SVGNumberFormat.coordinate(40) == "40")
        #expect(SVGNumberFormat.coordinate(.nan) == "0")
    }

    @Test func nonFiniteValuesAreNeverWritten() throws {
        let panel = FigurePanel(series: [
            .line(try LineSeries(label: "a", x: [0, 1, 2, .infinity], y: [1, .nan, 3, 4])),
            .band(try BandSeries(x: [0, 1, 2], lower: [.nan, 0, 1], upper: [1, 2, .nan])),
            .errorBars(try ErrorBarSeries(x: [0, 1], y: [.nan, 2], error: [.nan, .infinity])),
            .bars(try BarSeries(centers: [0, 1], heights: [.nan, 2], width: 0.5)),
            .boxPlot(BoxPlotSeries(groups: [[.nan, 1, 2, 3], []])),
            .reference(ReferenceLine(.horizontal(y: .nan))),
        ])
        let text = Figure(panels: [panel, panel]).svgText()
        let lower = text.lowercased()
        #expect(!lower.contains("nan") && !lower.contains("inf"))
        _ = try parseSVG(text)
    }

    @Test func mismatchedLengthsThrowTypedErrors() throws {
        #expect(throws: EvaluationError.lengthMismatch(what: "line 'a': y against x", expected: 2, actual: 3)) {
            try LineSeries(label: "a", x: [0, 1], y: [0, 1, 2])
        }
        #expect(throws: EvaluationError.self) {
            try Figure.recallCurve(times: [0, 1], mean: [0, 1], lower: [0], upper: [0, 1])
        }
        #expect(throws: EvaluationError.self) { try Figure.boxPlot(categories: ["a", "b"], values: [[1]]) }
        #expect(throws: EvaluationError.self) {
            try ErrorBarSeries(x: [0], y: [1], error: [-0.5])
        }
        #expect(throws: EvaluationError.self) { try BarSeries(centers: [0], heights: [1], width: 0) }
        #expect(throws: EvaluationError.self) {
            try Figure.curvesWithErrorBars(x: [0, 1], means: [[0, 1]], errors: [[0, 1]], labels: [])
        }
    }
}
