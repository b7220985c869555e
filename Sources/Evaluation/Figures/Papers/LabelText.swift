/// A number with at most three decimals and no trailing zeros (`0.5`, `0.873`), for labels;
/// `n/a` for a non-finite value (callers leave those out first).
func decimalText(_ value: Double) -> String {
    guard value.isFinite else { return "n/a" }
    guard abs(value) < 1e12 else { return "\(value)" }
    return AxisTicks.decimalLabel(Int((value * 1000).rounded()), -3, decimals: 0)
}
