/// Locale-free, deterministic number text for SVG attributes.
///
/// Coordinates are written with at most three decimals, without an exponent, without trailing
/// zeros and never as `-0`, so the same figure always gives the same bytes on every machine.
enum SVGNumberFormat {
    /// Coordinates are clamped to ±`limit` pixels; anything that far out is clipped anyway.
    static let limit = 1.0e7

    /// `value` rounded to three decimals (half away from zero), e.g. `12.5`, `-0.333`, `40`.
    /// Callers skip non-finite values before they get here; one that slips through is written
    /// as `0` rather than as `nan`.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let clamped = min(max(value, -limit), limit)
        let scaled = Int64((clamped * 1000).rounded())
        if scaled == 0 { return "0" }
        let magnitude = scaled.magnitude
        var text = scaled < 0 ? "-" : ""
        text += String(magnitude / 1000)
        let fraction = magnitude % 1000
        if fraction != 0 {
            var digits = String(fraction)
            while digits.count < 3 { digits = "0" + digits }
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// A list of coordinate pairs as `x,y x,y ...`.
    static func points(_ points: [(x: Double, y: Double)]) -> String {
        points.map { coordinate($0.x) + "," + coordinate($0.y) }.joined(separator: " ")
    }
}
