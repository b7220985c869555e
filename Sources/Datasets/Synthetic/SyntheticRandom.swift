import Foundation
import NeuralCore

/// Random streams of the synthetic archive: every stream is a `SeededGenerator` whose seed is
/// mixed from the archive seed, a stream tag and an index (a region, a record slot), so each
/// region draws the same numbers whichever thread renders it and in whatever order.
enum SyntheticRandom {
    /// The stream tags.
    enum Stream: UInt64 {
        case plan = 1, pixels = 2, flares = 3, quality = 4, unattributed = 5, spaceWeather = 6
    }

    /// A generator for `stream` and `index`.
    static func generator(seed: UInt64, _ stream: Stream, _ index: UInt64 = 0) -> SeededGenerator {
        SeededGenerator(seed: mix(mix(seed ^ 0x5348_4152_5053_594E, stream.rawValue), index))
    }

    /// SplitMix64 of `a` combined with `b`.
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var z = a &+ 0x9E37_79B9_7F4A_7C15 &* (b &+ 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 65536 standard-normal values drawn once from a fixed seed; the pixel noise picks them
    /// with 16 random bits each (four pixels per 64-bit draw), far cheaper than Box-Muller per
    /// pixel and still Gaussian to the eye and to any statistic over fewer than ~1e4 pixels.
    static let normalTable: [Float] = {
        var generator = SeededGenerator(seed: 0x4E4F_4953_4554_4142)
        var table = [Float](repeating: 0, count: 65536)
        for index in table.indices { table[index] = generator.nextNormal() }
        return table
    }()

    /// Poisson-distributed count with mean `mean` (Knuth's product of uniforms; normal
    /// approximation above 30).
    static func poisson(_ mean: Double, _ generator: inout SeededGenerator) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 {
            return max(0, Int((mean + mean.squareRoot() * Double(generator.nextNormal())).rounded()))
        }
        let limit = exp(-mean)
        var product = generator.nextUniformDouble()
        var count = 0
        while product > limit {
            product *= generator.nextUniformDouble()
            count += 1
        }
        return count
    }

    /// Uniform in [low, high).
    static func uniform(_ low: Double, _ high: Double, _ generator: inout SeededGenerator) -> Double {
        low + (high - low) * generator.nextUniformDouble()
    }
}
