/// An sRGB colour for figure series, written as `#rrggbb`.
///
/// The default palette is Okabe & Ito's colour-blind safe set (blue, vermillion, bluish green,
/// reddish purple, orange, sky blue, black); series without a colour take the next one in turn.
///
/// ```swift
/// var line = try LineSeries(label: "CNN", x: [0, 1], y: [0.5, 0.8])
/// line.color = .vermillion
/// ```
public struct FigureColor: Sendable, Hashable, CustomStringConvertible {
    /// The red component, 0-255.
    public var red: UInt8
    /// The green component, 0-255.
    public var green: UInt8
    /// The blue component, 0-255.
    public var blue: UInt8

    /// A colour from its 8-bit sRGB components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// The colour as lower-case `#rrggbb`.
    public var hex: String {
        "#" + [red, green, blue].map { component in
            let text = String(component, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }

    /// The colour as `#rrggbb`.
    public var description: String { hex }

    /// Okabe–Ito blue, `#0072b2`.
    public static let blue = FigureColor(red: 0, green: 114, blue: 178)
    /// Okabe–Ito vermillion, `#d55e00`.
    public static let vermillion = FigureColor(red: 213, green: 94, blue: 0)
    /// Okabe–Ito bluish green, `#009e73`.
    public static let bluishGreen = FigureColor(red: 0, green: 158, blue: 115)
    /// Okabe–Ito reddish purple, `#cc79a7`.
    public static let reddishPurple = FigureColor(red: 204, green: 121, blue: 167)
    /// Okabe–Ito orange, `#e69f00`.
    public static let orange = FigureColor(red: 230, green: 159, blue: 0)
    /// Okabe–Ito sky blue, `#56b4e9`.
    public static let skyBlue = FigureColor(red: 86, green: 180, blue: 233)
    /// Black, `#000000`.
    public static let black = FigureColor(red: 0, green: 0, blue: 0)
    /// Mid grey, `#666666`, the colour of reference lines.
    public static let gray = FigureColor(red: 102, green: 102, blue: 102)

    /// The colours given in turn to series that do not set one (Okabe–Ito order, yellow left out
    /// because it reads poorly on white).
    public static let palette: [FigureColor] = [.blue, .vermillion, .bluishGreen, .reddishPurple, .orange, .skyBlue, .black]
}
