import Foundation

/// How a value in a known range becomes a colour, for maps drawn in colour and their colour
/// bars.
///
/// - ``diverging``: -1 → blue, 0 → white, +1 → red (a signed map such as an occlusion map);
///   red grows and blue falls monotonically along the scale.
/// - ``sequential``: 0 → black, through red and yellow, 1 → white (a non-negative map such as
///   saliency or Grad-CAM); every component grows monotonically along the scale.
///
/// ```swift
/// ColourScale.diverging.colour(for: 0)     // white
/// ColourScale.sequential.colour(for: 1)    // white
/// ColourScale.diverging.ticks              // [-1, 0, 1]
/// ```
public enum ColourScale: String, Sendable, CaseIterable {
    /// [-1, 1], blue-white-red.
    case diverging
    /// [0, 1], black-red-yellow-white.
    case sequential

    /// The lowest value of the scale.
    public var minimum: Float { self == .diverging ? -1 : 0 }
    /// The highest value of the scale.
    public var maximum: Float { 1 }
    /// The values labelled on a colour bar: minimum, 0 (or the middle of a scale starting at
    /// 0) and maximum.
    public var ticks: [Float] { self == .diverging ? [-1, 0, 1] : [0, 0.5, 1] }

    /// The colour of `value`, clipped to the scale; NaN is black.
    public func colour(for value: Float) -> RGBColour {
        guard value.isFinite else { return .black }
        let t = min(max(value, minimum), maximum)
        func byte(_ fraction: Float) -> UInt8 { UInt8((min(max(fraction, 0), 1) * 255).rounded()) }
        switch self {
        case .diverging:
            return t < 0
                ? RGBColour(red: byte(1 + t), green: byte(1 + t), blue: 255)
                : RGBColour(red: 255, green: byte(1 - t), blue: byte(1 - t))
        case .sequential:
            return RGBColour(red: byte(3 * t), green: byte(3 * t - 1), blue: byte(3 * t - 2))
        }
    }

    /// The text of a tick label: `-1`, `0`, `0.5`, `1`.
    static func label(_ value: Float) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", Double(value))
    }
}
