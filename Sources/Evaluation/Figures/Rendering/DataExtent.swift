/// The smallest and largest drawable value along each axis of a panel.
struct DataExtent {
    private(set) var xLow: Double?
    private(set) var xHigh: Double?
    private(set) var yLow: Double?
    private(set) var yHigh: Double?
    /// Whether any series (other than reference lines) has something to draw.
    private(set) var hasData = false

    /// Scans `panel`'s series; a value counts only when `xUsable`/`yUsable` accept it.
    /// On a categorical x axis only y values are gathered.
    init(
        panel: FigurePanel, categoricalX: Bool, xUsable: (Double) -> Bool, yUsable: (Double) -> Bool,
        yIncludesZeroForBars: Bool
    ) {
        for series in panel.series {
            switch series {
            case let .line(line):
                for (x, y) in zip(line.x, line.y) where xUsable(x) && yUsable(y) { add(x: x, y: y) }
            case let .band(band):
                for index in band.x.indices {
                    let x = band.x[index], low = band.lower[index], high = band.upper[index]
                    guard xUsable(x), yUsable(low), yUsable(high) else { continue }
                    add(x: x, y: low)
                    add(x: x, y: high)
                }
            case let .errorBars(bars):
                for index in bars.x.indices {
                    let x = bars.x[index], y = bars.y[index]
                    guard xUsable(x), yUsable(y) else { continue }
                    add(x: x, y: y)
                    if yUsable(bars.lower[index]) { add(x: x, y: bars.lower[index]) }
                    if yUsable(bars.upper[index]) { add(x: x, y: bars.upper[index]) }
                }
            case let .bars(bars):
                for (center, height) in zip(bars.centers, bars.heights) where xUsable(center) && yUsable(height) {
                    add(x: center - bars.width / 2, y: height)
                    add(x: center + bars.width / 2, y: height)
                    if yIncludesZeroForBars { add(x: center, y: 0) }
                }
            case let .boxPlot(boxes):
                for (index, statistics) in boxes.statistics.enumerated() {
                    guard let statistics else { continue }
                    for value in [statistics.minimum, statistics.maximum, statistics.mean] where yUsable(value) {
                        add(x: Double(index), y: value)
                    }
                }
            case .reference:
                continue
            }
        }
        guard hasData else { return }
        for case let .reference(line) in panel.series {
            switch line.kind {
            case .diagonal: break
            case let .horizontal(y): if yUsable(y) { addY(y) }
            case let .vertical(x): if xUsable(x), !categoricalX { addX(x) }
            }
        }
    }

    private mutating func add(x: Double, y: Double) {
        hasData = true
        addX(x)
        addY(y)
    }

    private mutating func addX(_ x: Double) {
        xLow = min(xLow ?? x, x)
        xHigh = max(xHigh ?? x, x)
    }

    private mutating func addY(_ y: Double) {
        yLow = min(yLow ?? y, y)
        yHigh = max(yHigh ?? y, y)
    }
}
