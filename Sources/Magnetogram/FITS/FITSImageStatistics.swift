import Foundation

/// Summary statistics of an image's pixels, accumulated in `Double`: how many are NaN, how many
/// infinite (a floating-point image may hold +-inf) and how many finite, and the min, max, mean
/// and sum of |value| over the finite ones (`nil` when no pixel is finite).
///
/// ```swift
/// let stats = FITSImageStatistics(pixels: [1, -2, .nan, .infinity])
/// stats.nanCount, stats.infiniteCount, stats.finiteCount   // 1, 1, 2
/// stats.mean, stats.sumAbs            // -0.5, 3
/// ```
public struct FITSImageStatistics: Sendable, Equatable {
    /// Pixels that are NaN.
    public var nanCount: Int
    /// Pixels that are +infinity or -infinity.
    public var infiniteCount: Int
    /// Pixels that are finite.
    public var finiteCount: Int
    /// Smallest finite pixel.
    public var min: Double?
    /// Largest finite pixel.
    public var max: Double?
    /// Mean of the finite pixels.
    public var mean: Double?
    /// Sum of |pixel| over the finite pixels (for a magnetogram: the unsigned flux density sum).
    public var sumAbs: Double?
    /// Sum of the finite pixels.
    public var sum: Double?

    /// Computes the statistics of `pixels`.
    public init(pixels: [Float]) {
        var nanCount = 0
        var infiniteCount = 0
        var finiteCount = 0
        var low = Double.infinity
        var high = -Double.infinity
        var sum = 0.0
        var sumAbs = 0.0
        for pixel in pixels {
            if pixel.isNaN {
                nanCount += 1
            } else if pixel.isInfinite {
                infiniteCount += 1
            } else {
                let value = Double(pixel)
                finiteCount += 1
                if value < low { low = value }
                if value > high { high = value }
                sum += value
                sumAbs += abs(value)
            }
        }
        self.nanCount = nanCount
        self.infiniteCount = infiniteCount
        self.finiteCount = finiteCount
        if finiteCount > 0 {
            min = low
            max = high
            mean = sum / Double(finiteCount)
            self.sumAbs = sumAbs
            self.sum = sum
        }
    }
}
