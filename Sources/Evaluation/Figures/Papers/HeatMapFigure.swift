import Foundation

/// A grid of values as coloured cells with the value written in each (for example the mean
/// cross-validation TSS of every learning rate and minibatch size of a hyper-parameter search,
/// as Bhattacharjee et al. 2020, Sect. 4.1, tuned theirs). Higher values are darker blue; a
/// cell without a value (`nil`) is grey and marked "n/a"; one cell can be outlined (the best).
///
/// ```swift
/// let map = try HeatMapFigure(
///     title: "Mean cross-validation TSS", rowLabel: "minibatch", columnLabel: "learning rate",
///     rows: ["32", "64"], columns: ["1e-06", "5e-06", "1e-05"],
///     values: [[0.41, 0.45, 0.43], [0.40, 0.47, nil]], highlighted: (row: 1, column: 1))
/// try map.write(to: URL(fileURLWithPath: "tune.svg"))
/// ```
public struct HeatMapFigure: Sendable {
    /// The figure's title.
    public var title: String
    /// The axis names: the quantity along the rows (left) and along the columns (bottom).
    public var rowLabel: String, columnLabel: String
    /// The row and column tick labels.
    public var rows: [String], columns: [String]
    /// `values[row][column]` (`nil`: no value).
    public var values: [[Double?]]
    /// The outlined cell, if any.
    public var highlighted: (row: Int, column: Int)?

    /// Creates the figure.
    /// - Throws: ``EvaluationError/lengthMismatch(what:expected:actual:)`` when `values` is not
    ///   `rows.count` x `columns.count`; ``EvaluationError/invalidArgument(name:value:reason:)``
    ///   for an empty grid, a non-finite value or a highlighted cell outside it.
    public init(
        title: String, rowLabel: String, columnLabel: String, rows: [String], columns: [String], values: [[Double?]],
        highlighted: (row: Int, column: Int)? = nil
    ) throws {
        guard !rows.isEmpty, !columns.isEmpty else {
            throw EvaluationError.invalidArgument(name: "heat map", value: "\(rows.count) x \(columns.count)", reason: "needs cells")
        }
        guard values.count == rows.count else {
            throw EvaluationError.lengthMismatch(what: "heat-map rows", expected: rows.count, actual: values.count)
        }
        for row in values where row.count != columns.count {
            throw EvaluationError.lengthMismatch(what: "heat-map columns", expected: columns.count, actual: row.count)
        }
        if let bad = values.joined().compactMap({ $0 }).first(where: { !$0.isFinite }) {
            throw EvaluationError.invalidArgument(name: "heat-map value", value: "\(bad)", reason: "must be finite")
        }
        if let highlighted, !(rows.indices.contains(highlighted.row) && columns.indices.contains(highlighted.column)) {
            throw EvaluationError.invalidArgument(
                name: "highlighted cell", value: "\(highlighted)", reason: "lies outside the \(rows.count) x \(columns.count) grid")
        }
        self.title = title
        self.rowLabel = rowLabel
        self.columnLabel = columnLabel
        self.rows = rows
        self.columns = columns
        self.values = values
        self.highlighted = highlighted
    }

    /// The figure as a standalone SVG document.
    public func svgText() -> String {
        let cell = 90.0, height = 48.0, left = 110.0, top = 56.0
        let width = left + cell * Double(columns.count) + 30, total = top + height * Double(rows.count) + 70
        let known = values.joined().compactMap { $0 }
        let low = known.min() ?? 0, high = known.max() ?? 1
        var writer = SVGWriter()
        writer.open("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("width", SVGNumberFormat.coordinate(width)),
            ("height", SVGNumberFormat.coordinate(total)), ("viewBox", "0 0 \(SVGNumberFormat.coordinate(width)) \(SVGNumberFormat.coordinate(total))"),
            ("font-family", FigureStyle.fontFamily),
        ])
        writer.element("rect", [("width", "100%"), ("height", "100%"), ("fill", FigureStyle.background)])
        writer.element("text", [("x", SVGNumberFormat.coordinate(width / 2)), ("y", "24"), ("text-anchor", "middle"),
                                ("font-size", "15")], text: title)
        for (r, row) in values.enumerated() {
            let y = top + height * Double(r)
            writer.element("text", [("x", SVGNumberFormat.coordinate(left - 8)), ("y", SVGNumberFormat.coordinate(y + height / 2 + 4)),
                                    ("text-anchor", "end"), ("font-size", "12")], text: rows[r])
            for (c, value) in row.enumerated() {
                let x = left + cell * Double(c)
                let shade = value.map { high > low ? ($0 - low) / (high - low) : 1 }
                let fill = shade.map(Self.blue) ?? "#dddddd"
                writer.element("rect", [
                    ("x", SVGNumberFormat.coordinate(x)), ("y", SVGNumberFormat.coordinate(y)),
                    ("width", SVGNumberFormat.coordinate(cell)), ("height", SVGNumberFormat.coordinate(height)),
                    ("fill", fill), ("stroke", FigureStyle.background), ("stroke-width", "1"),
                ])
                let label = value.map { String(format: "%.3f", $0) } ?? "n/a"
                writer.element("text", [
                    ("x", SVGNumberFormat.coordinate(x + cell / 2)), ("y", SVGNumberFormat.coordinate(y + height / 2 + 4)),
                    ("text-anchor", "middle"), ("font-size", "12"), ("fill", (shade ?? 0) > 0.55 ? "#ffffff" : "#000000"),
                ], text: label)
            }
        }
        if let highlighted {
            writer.element("rect", [
                ("x", SVGNumberFormat.coordinate(left + cell * Double(highlighted.column) + 1.5)),
                ("y", SVGNumberFormat.coordinate(top + height * Double(highlighted.row) + 1.5)),
                ("width", SVGNumberFormat.coordinate(cell - 3)), ("height", SVGNumberFormat.coordinate(height - 3)),
                ("fill", "none"), ("stroke", FigureColor.vermillion.hex), ("stroke-width", "3"),
            ])
        }
        let bottom = top + height * Double(rows.count)
        for (c, column) in columns.enumerated() {
            writer.element("text", [("x", SVGNumberFormat.coordinate(left + cell * (Double(c) + 0.5))),
                                    ("y", SVGNumberFormat.coordinate(bottom + 18)), ("text-anchor", "middle"), ("font-size", "12")],
                           text: column)
        }
        writer.element("text", [("x", SVGNumberFormat.coordinate(left + cell * Double(columns.count) / 2)),
                                ("y", SVGNumberFormat.coordinate(bottom + 44)), ("text-anchor", "middle"), ("font-size", "13")],
                       text: columnLabel)
        writer.element("text", [("x", "16"), ("y", SVGNumberFormat.coordinate(top + height * Double(rows.count) / 2)),
                                ("text-anchor", "middle"), ("font-size", "13"),
                                ("transform", "rotate(-90 16 \(SVGNumberFormat.coordinate(top + height * Double(rows.count) / 2)))")],
                       text: rowLabel)
        writer.close("svg")
        return writer.text
    }

    /// Writes ``svgText()`` to `url` atomically.
    /// - Throws: ``EvaluationError/file(path:reason:)`` naming the file.
    public func write(to url: URL) throws {
        try writeEvaluationFile(Data(svgText().utf8), to: url)
    }

    /// White (0) to FlareKit's blue (1).
    static func blue(_ shade: Double) -> String {
        let t = min(max(shade, 0), 1)
        let target = FigureColor.blue
        func channel(_ value: UInt8) -> UInt8 { UInt8((255 - t * (255 - Double(value))).rounded()) }
        return FigureColor(red: channel(target.red), green: channel(target.green), blue: channel(target.blue)).hex
    }
}
