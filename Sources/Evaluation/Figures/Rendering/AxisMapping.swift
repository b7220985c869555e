import Foundation

/// Maps data values along one axis to pixels: `start` for the domain's lower bound, `end` for
/// its upper bound (for a vertical axis `start` is the bottom).
struct AxisMapping: Equatable {
    var domain: ClosedRange<Double>
    var scale: AxisScale
    var start: Double
    var end: Double

    /// Whether `value` can be shown on this scale (finite, and positive when logarithmic).
    func isUsable(_ value: Double) -> Bool {
        value.isFinite && (scale == .linear || value > 0)
    }

    /// The pixel for `value`, or `nil` when it cannot be shown.
    func pixel(_ value: Double) -> Double? {
        guard isUsable(value) else { return nil }
        let low = transformed(domain.lowerBound), high = transformed(domain.upperBound)
        let fraction = (transformed(value) - low) / (high - low)
        return start + fraction * (end - start)
    }

    private func transformed(_ value: Double) -> Double {
        scale == .linear ? value : log10(value)
    }
}
