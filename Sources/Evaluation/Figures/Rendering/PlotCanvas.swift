/// Draws series into a panel's plot area and remembers which pixels they cover (for placing
/// the legend where it hides the least).
struct PlotCanvas {
    var writer = SVGWriter()
    let layout: PanelLayout
    /// Sample pixels covered by what has been drawn.
    private(set) var occupied: [(x: Double, y: Double)] = []

    init(layout: PanelLayout) {
        self.layout = layout
    }

    /// The pixel of a data point, or `nil` when either coordinate cannot be shown.
    func pixel(_ x: Double, _ y: Double) -> (x: Double, y: Double)? {
        guard let px = layout.x.pixel(x), let py = layout.y.pixel(y) else { return nil }
        return (px, py)
    }

    mutating func occupy(_ point: (x: Double, y: Double)) {
        occupied.append(point)
    }

    /// Marks a segment as covered by sampling it every 10 pixels or so.
    mutating func occupySegment(_ from: (x: Double, y: Double), _ to: (x: Double, y: Double)) {
        let length = ((to.x - from.x) * (to.x - from.x) + (to.y - from.y) * (to.y - from.y)).squareRoot()
        let steps = min(200, max(1, Int(length / 10)))
        for step in 0...steps {
            let t = Double(step) / Double(steps)
            occupied.append((from.x + t * (to.x - from.x), from.y + t * (to.y - from.y)))
        }
    }

    /// Path data `M x,y L x,y ...` for each run of at least two points, plus the runs of one point.
    static func pathData(_ runs: [[(x: Double, y: Double)]]) -> String {
        runs.filter { $0.count >= 2 }.map { run in
            run.enumerated().map { index, point in
                (index == 0 ? "M" : "L") + SVGNumberFormat.coordinate(point.x) + "," + SVGNumberFormat.coordinate(point.y)
            }.joined(separator: " ")
        }.joined(separator: " ")
    }

    /// Splits the points into runs of consecutive drawable points (`nil` breaks a run).
    static func runs(_ points: [(x: Double, y: Double)?]) -> [[(x: Double, y: Double)]] {
        var runs: [[(x: Double, y: Double)]] = []
        var current: [(x: Double, y: Double)] = []
        for point in points {
            if let point {
                current.append(point)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// A filled dot.
    mutating func dot(_ point: (x: Double, y: Double), color: FigureColor, radius: Double = FigureStyle.markerRadius, cssClass: String = "marker") {
        writer.element("circle", [
            ("class", cssClass), ("cx", SVGNumberFormat.coordinate(point.x)), ("cy", SVGNumberFormat.coordinate(point.y)),
            ("r", SVGNumberFormat.coordinate(radius)), ("fill", color.hex), ("stroke", FigureStyle.background),
            ("stroke-width", "0.8"),
        ])
        occupy(point)
    }
}
