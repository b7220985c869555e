import Foundation

/// One tick on an axis: where it is (in data units) and what it says.
struct AxisTick: Equatable {
    var value: Double
    var label: [SVGWriter.TextRun]

    /// The label as plain text (`10^22` for a superscript), for width estimates and tests.
    var plainLabel: String {
        label.map { run in
            switch run {
            case let .plain(text): text
            case let .superscript(text): "^" + text
            }
        }.joined()
    }
}

/// The shown range of an axis and its ticks.
///
/// Linear ticks are multiples of a 1-2-5 step (1, 2, 5, 10, 20, 50, ...); labels are built from
/// integers, so `0.3` never shows as `0.30000000000000004`. Logarithmic ticks sit on powers of
/// ten (with 2 and 5 in between over short ranges).
struct AxisTicks: Equatable {
    var domain: ClosedRange<Double>
    var ticks: [AxisTick]

    /// At most this many intervals between ticks (so at most nine ticks).
    static let maxIntervals = 8

    // MARK: Linear

    /// Ticks for data spanning `low...high`.
    ///
    /// When `fixed` is false the domain grows to the enclosing ticks; when it is true the domain
    /// is `low...high` and only ticks inside it are kept. A constant range (`low == high`) is
    /// widened by 10% of its value each side (or to -1...1 around zero).
    static func linear(low: Double, high: Double, fixed: Bool, maxIntervals: Int = maxIntervals) -> AxisTicks {
        var low = min(low, high), high = max(low, high)
        if !(high - low > max(abs(low), abs(high)) * 1e-9) {
            let center = (low + high) / 2
            let pad = center == 0 ? 1 : abs(center) * 0.1
            low = center - pad
            high = center + pad
        }
        var exponent = Int(floor(log10((high - low) / Double(maxIntervals)))) - 1
        for _ in 0..<64 {
            for mantissa in [1, 2, 5] {
                let step = scaled(mantissa, exponent)
                let first = fixed ? ceil(low / step - 1e-9) : floor(low / step + 1e-9)
                let last = fixed ? floor(high / step + 1e-9) : ceil(high / step - 1e-9)
                guard last - first <= Double(maxIntervals), abs(first) < 1e15, abs(last) < 1e15 else { continue }
                let firstIndex = Int(first), lastIndex = Int(last)
                let largest = max(abs(firstIndex), abs(lastIndex)) * mantissa
                let scientific = exponent <= -5 || abs(scaled(largest, exponent)) >= 1e6
                var ticks: [AxisTick] = []
                if firstIndex <= lastIndex {
                    for index in firstIndex...lastIndex {
                        let multiple = index * mantissa
                        let label = scientific
                            ? scientificLabel(multiple, exponent, keepsUnitMantissa: true)
                            : [.plain(decimalLabel(multiple, exponent, decimals: max(0, -exponent)))]
                        ticks.append(AxisTick(value: scaled(multiple, exponent), label: label))
                    }
                }
                let domain = fixed
                    ? low...high
                    : scaled(firstIndex * mantissa, exponent)...scaled(lastIndex * mantissa, exponent)
                return AxisTicks(domain: domain, ticks: ticks)
            }
            exponent += 1
        }
        return AxisTicks(domain: low...high, ticks: [])
    }

    // MARK: Logarithmic

    /// Ticks for positive data spanning `low...high` on a base-10 logarithmic axis.
    ///
    /// When `fixed` is false the domain grows to the enclosing powers of ten, or over at most
    /// three decades to the enclosing 1, 2 or 5 times a power of ten.
    static func logarithmic(low: Double, high: Double, fixed: Bool, maxIntervals: Int = maxIntervals) -> AxisTicks {
        var low = min(low, high), high = max(low, high)
        if !(high > low * (1 + 1e-9)) {
            low /= 2
            high *= 2
        }
        let firstPower = Int(floor(log10(low) + 1e-9))
        var lastPower = Int(ceil(log10(high) - 1e-9))
        if lastPower <= firstPower { lastPower = firstPower + 1 }
        var domain = fixed ? low...high : powerOfTen(firstPower)...powerOfTen(lastPower)
        if !fixed, lastPower - firstPower <= 3 {
            // Over a few decades, stop at the enclosing 1, 2 or 5 rather than a whole decade.
            let bottom = [5, 2, 1].map { scaled($0, firstPower) }.first { $0 <= low * (1 + 1e-9) } ?? domain.lowerBound
            let top = [2, 5].map { scaled($0, lastPower - 1) }.first { $0 >= high * (1 - 1e-9) } ?? domain.upperBound
            domain = bottom...top
        }
        let decades = lastPower - firstPower
        let stride = max(1, (decades + maxIntervals - 1) / maxIntervals)
        // Plain numbers (0.001 ... 10000) when every tick fits them, else powers of ten throughout.
        let plain = firstPower >= -3 && lastPower <= 4
        var ticks: [AxisTick] = []
        for power in firstPower...lastPower {
            let mantissas = decades <= 2 && power < lastPower ? [1, 2, 5] : [1]
            for mantissa in mantissas {
                if mantissa == 1, (power - firstPower) % stride != 0 { continue }
                let value = scaled(mantissa, power)
                guard value >= domain.lowerBound * (1 - 1e-9), value <= domain.upperBound * (1 + 1e-9) else { continue }
                let label: [SVGWriter.TextRun] = plain
                    ? [.plain(decimalLabel(mantissa, power, decimals: max(0, -power)))]
                    : scientificLabel(mantissa, power, keepsUnitMantissa: false)
                ticks.append(AxisTick(value: value, label: label))
            }
        }
        return AxisTicks(domain: domain, ticks: ticks)
    }

    // MARK: Categorical

    /// Ticks at 0, 1, ..., n-1 labelled with the categories; the domain leaves half a slot
    /// either side.
    static func categorical(_ labels: [String]) -> AxisTicks {
        let ticks = labels.enumerated().map { AxisTick(value: Double($0.offset), label: [.plain($0.element)]) }
        return AxisTicks(domain: -0.5...(Double(max(labels.count, 1)) - 0.5), ticks: ticks)
    }

    // MARK: Labels

    /// `10^exponent` as the Double nearest to it.
    static func powerOfTen(_ exponent: Int) -> Double {
        scaled(1, exponent)
    }

    /// `multiple × 10^exponent` as the Double nearest to that decimal number (read from its
    /// decimal text, so `1e23` is the same Double as the literal, unlike `pow(10, 23)`).
    static func scaled(_ multiple: Int, _ exponent: Int) -> Double {
        Double("\(multiple)e\(exponent)")
            ?? (exponent >= 0 ? Double(multiple) * pow(10, Double(exponent)) : Double(multiple) / pow(10, Double(-exponent)))
    }

    /// `multiple × 10^exponent` written out with `decimals` digits after the point (`0.2`, `1.0`,
    /// `-40`, `3000`).
    static func decimalLabel(_ multiple: Int, _ exponent: Int, decimals: Int) -> String {
        let sign = multiple < 0 ? "-" : ""
        var digits = String(multiple.magnitude)
        if exponent >= 0 {
            if multiple != 0 { digits += String(repeating: "0", count: exponent) }
            return sign + digits + (decimals > 0 ? "." + String(repeating: "0", count: decimals) : "")
        }
        let shift = -exponent
        while digits.count <= shift { digits = "0" + digits }
        var whole = String(digits.prefix(digits.count - shift))
        var fraction = String(digits.suffix(shift))
        while fraction.count < decimals { fraction += "0" }
        while fraction.count > decimals, fraction.hasSuffix("0") { fraction.removeLast() }
        if whole.isEmpty { whole = "0" }
        return sign + whole + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// `multiple × 10^exponent` as `m.mm×10` with a superscript power; a mantissa of one is
    /// left out (`10²²`) unless `keepsUnitMantissa` (linear axes, where `1×10²²` sits among
    /// `2×10²²`, `3×10²²`).
    static func scientificLabel(_ multiple: Int, _ exponent: Int, keepsUnitMantissa: Bool) -> [SVGWriter.TextRun] {
        if multiple == 0 { return [.plain("0")] }
        let sign = multiple < 0 ? "-" : ""
        let digits = String(multiple.magnitude)
        let power = exponent + digits.count - 1
        var rest = String(digits.dropFirst())
        while rest.hasSuffix("0") { rest.removeLast() }
        let mantissa = String(digits.prefix(1)) + (rest.isEmpty ? "" : "." + rest)
        let prefix = mantissa == "1" && !keepsUnitMantissa ? sign + "10" : sign + mantissa + "\u{00D7}10"
        return [.plain(prefix), .superscript(String(power))]
    }
}
