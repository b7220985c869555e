/// The low and high peaks of an output curve (Bhattacharjee et al. 2020, Figs. 9-10): the two
/// largest local maxima of y(x), the higher one the "high" peak and the other the "low" peak.
///
/// A local maximum is a point (or the first point of a plateau) higher than its neighbours;
/// the curve's ends count when they are higher than their one neighbour. When the curve has a
/// single maximum, ``low`` is `nil`. The ratio of the peak positions (high over low) is the
/// quantity the paper relates to the magnetogram's aspect ratio (Fig. 10, right).
///
/// ```swift
/// let peaks = OutputPeaks(x: [1, 2, 3, 4, 5, 6], y: [0.1, 0.5, 0.3, 0.4, 0.8, 0.2])
/// peaks.low?.position   // 2
/// peaks.high?.position  // 5
/// ```
public struct OutputPeaks: Sendable, Equatable {
    /// A peak's position and value.
    public struct Peak: Sendable, Equatable {
        public var position: Double
        public var value: Double
    }

    /// The lower of the two largest local maxima (`nil` with fewer than two).
    public var low: Peak?
    /// The largest local maximum (`nil` for an empty curve).
    public var high: Peak?

    /// Finds the peaks of `y` over `x` (same length; non-finite values are skipped).
    public init(x: [Double], y: [Double]) {
        let points = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
        var maxima: [Peak] = []
        var i = 0
        while i < points.count {
            // Extend over a plateau of equal values.
            var j = i
            while j + 1 < points.count, points[j + 1].1 == points[i].1 { j += 1 }
            let left = i > 0 ? points[i - 1].1 : -Double.infinity
            let right = j + 1 < points.count ? points[j + 1].1 : -Double.infinity
            if points[i].1 > left, points[i].1 > right, points.count > 1 || i == 0 {
                maxima.append(Peak(position: points[i].0, value: points[i].1))
            }
            i = j + 1
        }
        let ranked = maxima.sorted { $0.value != $1.value ? $0.value > $1.value : $0.position < $1.position }
        high = ranked.first
        low = ranked.count > 1 ? ranked[1] : nil
    }

    /// High-peak position over low-peak position (`nil` without both, or with a zero low one).
    public var positionRatio: Double? {
        guard let low, let high, low.position != 0 else { return nil }
        return high.position / low.position
    }
}
