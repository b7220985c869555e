import Foundation
import Testing

@testable import Evaluation

@Suite("Figure axis ticks")
struct FigureTicksTests {
    /// Whether `step` is 1, 2 or 5 times a power of ten (within rounding).
    static func isOneTwoFive(_ step: Double) -> Bool {
        let exponent = floor(log10(step))
        let mantissa = step / pow(10, exponent)
        return [1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }
    }

    @Test(arguments: [
        (0.0, 1.0), (0.03, 0.97), (-72, 72), (1000, 3000), (0, 5e22), (0.0012, 0.0049), (-3.7, 12.2), (17, 17.5),
        (-1e-6, 4e-6),
    ])
    func linearTicksAreEvenOneTwoFiveStepsCoveringTheData(low: Double, high: Double) throws {
        let result = AxisTicks.linear(low: low, high: high, fixed: false)
        #expect(result.domain.lowerBound <= low && result.domain.upperBound >= high)
        #expect(result.ticks.count >= 3 && result.ticks.count <= AxisTicks.maxIntervals + 1)
        #expect(result.ticks.first?.value == result.domain.lowerBound)
        #expect(result.ticks.last?.value == result.domain.upperBound)
        let steps = zip(result.ticks, result.ticks.dropFirst()).map { $1.value - $0.value }
        let step = try #require(steps.first)
        #expect(Self.isOneTwoFive(step), "step \(step)")
        for other in steps { #expect(abs(other - step) <= 1e-9 * max(1, abs(step))) }
        // Every tick is a whole multiple of the step, and the domain wastes less than a step per side.
        for tick in result.ticks { #expect(abs(tick.value / step - (tick.value / step).rounded()) < 1e-6) }
        #expect(low - result.domain.lowerBound < step && result.domain.upperBound - high < step)
    }

    @Test func handPickedLinearTicks() {
        let unit = AxisTicks.linear(low: 0.03, high: 0.97, fixed: false)
        #expect(unit.domain == 0...1)
        #expect(unit.ticks.map(\.plainLabel) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])

        let hours = AxisTicks.linear(low: -72, high: 72, fixed: false)
        #expect(hours.domain == -80...80)
        #expect(hours.ticks.map(\.plainLabel) == ["-80", "-60", "-40", "-20", "0", "20", "40", "60", "80"])

        let fixed = AxisTicks.linear(low: 0, high: 100, fixed: true, maxIntervals: 8)
        #expect(fixed.domain == 0...100)
        #expect(fixed.ticks.map(\.plainLabel) == ["0", "20", "40", "60", "80", "100"])

        // Fixed ranges keep their bounds and only the ticks inside.
        let inside = AxisTicks.linear(low: -72, high: 72, fixed: true)
        #expect(inside.domain == -72...72)
        #expect(inside.ticks.map(\.plainLabel) == ["-60", "-40", "-20", "0", "20", "40", "60"])

        // 0.1 + 0.2 style drift never reaches a label.
        let tenths = AxisTicks.linear(low: 0.1, high: 0.7, fixed: false, maxIntervals: 6)
        #expect(tenths.ticks.map(\.plainLabel) == ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
    }

    @Test func largeValuesUseScientificLabels() {
        let flux = AxisTicks.linear(low: 0, high: 5.3e22, fixed: false)
        #expect(flux.ticks.map(\.plainLabel) == ["0", "1\u{00D7}10^22", "2\u{00D7}10^22", "3\u{00D7}10^22", "4\u{00D7}10^22", "5\u{00D7}10^22", "6\u{00D7}10^22"])
        #expect(AxisTicks.scientificLabel(15, 21, keepsUnitMantissa: true) == [.plain("1.5\u{00D7}10"), .superscript("22")])
        #expect(AxisTicks.scientificLabel(-1, -6, keepsUnitMantissa: false) == [.plain("-10"), .superscript("-6")])
    }

    @Test func constantDataGetsARangeAroundTheValue() {
        let three = AxisTicks.linear(low: 3, high: 3, fixed: false)
        #expect(three.domain.lowerBound < 3 && three.domain.upperBound > 3)
        #expect(three.domain.lowerBound >= 2.5 && three.domain.upperBound <= 3.5)
        #expect(three.ticks.count >= 3)

        let zero = AxisTicks.linear(low: 0, high: 0, fixed: false)
        #expect(zero.domain == -1...1)

        let huge = AxisTicks.linear(low: 1e22, high: 1e22, fixed: false)
        #expect(huge.domain.lowerBound < 1e22 && huge.domain.upperBound > 1e22)
    }

    @Test func logarithmicTicksSitOnPowersOfTen() {
        let flux = AxisTicks.logarithmic(low: 2e21, high: 5e22, fixed: false)
        // Over a few decades the domain stops at the enclosing 1, 2 or 5 and 2 and 5 are marked.
        #expect(flux.domain == 2e21...5e22)
        #expect(flux.ticks.map(\.plainLabel) == ["2\u{00D7}10^21", "5\u{00D7}10^21", "10^22", "2\u{00D7}10^22", "5\u{00D7}10^22"])
        let snapped = AxisTicks.logarithmic(low: 3e21, high: 1.1e22, fixed: false)
        #expect(snapped.domain == 2e21...2e22)
        // Beyond three decades: whole decades, plain numbers while they stay short.
        let decades = AxisTicks.logarithmic(low: 0.5, high: 2000, fixed: false)
        #expect(decades.domain == 0.1...10000)
        #expect(decades.ticks.map(\.plainLabel) == ["0.1", "1", "10", "100", "1000", "10000"])

        let wide = AxisTicks.logarithmic(low: 0.001, high: 1e6, fixed: false)
        #expect(wide.domain == 0.001...1e6)
        #expect(wide.ticks.count <= AxisTicks.maxIntervals + 1)
        #expect(wide.ticks.first?.plainLabel == "10^-3")
        #expect(wide.ticks.allSatisfy { tick in
            let power = log10(tick.value)
            return abs(power - power.rounded()) < 1e-9
        })
    }

    @Test func decimalLabelsComeFromIntegers() {
        #expect(AxisTicks.decimalLabel(3, -1, decimals: 1) == "0.3")
        #expect(AxisTicks.decimalLabel(0, -1, decimals: 1) == "0.0")
        #expect(AxisTicks.decimalLabel(-25, -3, decimals: 3) == "-0.025")
        #expect(AxisTicks.decimalLabel(12, 2, decimals: 0) == "1200")
        #expect(AxisTicks.decimalLabel(0, 2, decimals: 0) == "0")
        #expect(decimalText(0.8735) == "0.874")
        #expect(decimalText(0.5) == "0.5")
        #expect(decimalText(1) == "1")
    }
}
