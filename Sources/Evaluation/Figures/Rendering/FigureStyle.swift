/// The fixed look of every figure: fonts, sizes, strokes and greys.
enum FigureStyle {
    /// Generic and common system families only: no font is fetched.
    static let fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"
    static let titleFontSize = 15.0
    static let panelTitleFontSize = 13.0
    static let axisLabelFontSize = 12.0
    static let tickFontSize = 11.0
    static let legendFontSize = 11.0
    static let noteFontSize = 12.0

    static let textColor = "#222222"
    static let frameColor = "#333333"
    static let gridColor = "#e5e5e5"
    static let background = "#ffffff"
    static let referenceDash = "6,4"
    static let lineDash = "7,4"

    static let lineWidth = 2.0
    static let markerRadius = 3.5
    static let tickLength = 5.0
    static let errorCapHalfWidth = 4.0
    /// The clip region extends this far past the plot area, so markers on its edge stay whole.
    static let clipOverhang = 5.0
    /// Category labels turn by this many degrees when they do not fit side by side.
    static let rotatedLabelAngle = 35.0
}
