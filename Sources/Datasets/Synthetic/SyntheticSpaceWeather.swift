import Foundation
import Magnetogram
import NeuralCore

/// The SHARP space-weather keywords of a synthetic magnetogram (MEANGAM ... R_VALUE; USFLUX and
/// AREA_ACR are measured from the rendered field by ``SyntheticRegionWriter``).
///
/// They are *synthetic*: not computed from a vector field (the synthetic archive has only a
/// line-of-sight field), but deterministic functions of the measured unsigned flux and of the
/// region model's inversion-line fraction PIL in [0, 1] (the quantity the flare model uses, see
/// ``SyntheticFlareModel``), with seeded Gaussian noise, scaled so that a strong-PIL region of
/// 2.7e22 Mx lands near HARP 377's values (MEANGAM about 60 degrees, TOTUSJH about 3000,
/// TOTPOT about 1e24). Like the real parameters they grow with flux and inversion-line
/// strength, so a feature-based baseline can learn from them; they say nothing about the Sun.
/// R_VALUE is 0 when the region has no inversion line (PIL < 0.01), as JSOC writes it.
enum SyntheticSpaceWeather {
    /// The number of normal deviates one record draws (fixed, so the stream stays aligned).
    static let drawsPerRecord = 16

    /// The keywords of one record (USFLUX and AREA_ACR left `nil`), rounded as written.
    static func keywords(
        unsignedFlux: Double, inversionLineFraction: Double, generator: inout SeededGenerator
    ) -> SHARPSpaceWeatherKeywords {
        var n = [Double](repeating: 0, count: drawsPerRecord)
        for index in n.indices { n[index] = Double(generator.nextNormal()) }
        let f = max(unsignedFlux, 1e18) / 1e22   // flux in units of 1e22 Mx
        let s = log10(f)
        let p = min(max(inversionLineFraction, 0), 1)
        func clamp(_ value: Double, _ low: Double, _ high: Double) -> Double { min(max(value, low), high) }
        func fixed(_ value: Double, _ digits: Int) -> Double { SyntheticHeader.rounded(value, digits) }
        func exponent(_ value: Double) -> Double { Double(SyntheticHeader.exponent(value)) ?? value }

        var k = SHARPSpaceWeatherKeywords()
        k.meangam = fixed(clamp(35 + 25 * p + 3 * n[0], 0, 90), 3)
        k.meangbt = fixed(max(5, 60 + 15 * s + 40 * p + 6 * n[1]), 3)
        k.meangbz = fixed(max(5, 65 + 15 * s + 40 * p + 6 * n[2]), 3)
        k.meangbh = fixed(max(5, 45 + 10 * s + 25 * p + 5 * n[3]), 3)
        k.meanjzd = fixed(0.05 + 0.25 * p + 0.05 * n[4], 8)
        k.totusjz = exponent(2.5e13 * pow(f, 0.8) * (1 + p) * exp(0.1 * n[5]))
        k.meanalp = fixed(0.01 + 0.03 * p + 0.01 * n[6], 8)
        k.meanjzh = fixed(0.003 + 0.015 * p + 0.004 * n[7], 8)
        k.totusjh = fixed(1000 * pow(f, 0.9) * (1 + 2 * p) * exp(0.15 * n[8]), 3)
        k.absnjzh = fixed(150 * pow(f, 0.8) * (1 + 4 * p) * exp(0.3 * n[9]), 3)
        k.savncpp = exponent(5e12 * pow(f, 0.8) * (1 + 3 * p) * exp(0.3 * n[10]))
        k.meanpot = exponent(5e3 * (1 + 2 * p) * exp(0.2 * n[11]))
        k.totpot = exponent(3e23 * pow(f, 1.1) * (1 + 2 * p) * exp(0.2 * n[12]))
        k.meanshr = fixed(clamp(30 + 25 * p + 4 * n[13], 0, 90), 3)
        k.shrgt45 = fixed(100 * clamp(0.2 + 0.45 * p + 0.05 * n[14], 0, 1), 3)
        k.rValue = p < 0.01 ? 0 : fixed(max(0, 3 + 0.8 * s + 2 * p + 0.2 * n[15]), 3)
        return k
    }

    /// The keywords written with an exponent (JSOC's `%e` form), as USFLUX is.
    static let exponentKeywords: Set<String> = ["TOTUSJZ", "SAVNCPP", "MEANPOT", "TOTPOT"]

    /// The header cards of `keywords` (every keyword but USFLUX and AREA_ACR), in JSOC's order.
    static func cards(_ keywords: SHARPSpaceWeatherKeywords) -> [FITSCard] {
        SHARPSpaceWeatherKeywords.keywords.compactMap { keyword in
            guard keyword != "USFLUX", keyword != "AREA_ACR", let value = keywords[keyword: keyword] else { return nil }
            let comment = "Synthetic \(keyword) (FlareKit), not computed from a vector field"
            return exponentKeywords.contains(keyword)
                ? FITSCard(keyword: keyword, value: SyntheticHeader.exponent(value), comment: comment)
                : FITSCard(keyword: keyword, double: value, comment: comment)
        }
    }
}
