import Resampling

/// A map of how strongly each pixel matters to a network's output, normalised by its absolute
/// maximum so that its values lie in [-1, 1]: an occlusion map (Bhattacharjee et al. 2020,
/// Sect. 4.5), a saliency map or a Grad-CAM map.
///
/// Values are row-major `[height][width]` in the order of the image they explain (for a
/// magnetogram, FITS order: row 0 is the bottom row). A map whose values were all zero stays
/// zero and says so with ``isAllZero`` (nothing is highlighted).
///
/// ```swift
/// let map = try SensitivityMap(unnormalized: raw, width: 256, height: 256)
/// map.isAllZero                              // false
/// let region = map.highlightedRegion()       // values > 0.9, the red area of Fig. 12
/// let resized = try map.resized(width: 600, height: 300)   // bicubic, normalised again
/// ```
public struct SensitivityMap: Sendable, Equatable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// The normalised values, `width * height`, row-major.
    public let values: [Float]
    /// The absolute maximum of the values before normalisation (0 for an all-zero map).
    public let absoluteMaximum: Float

    /// The paper's threshold on the normalised map: regions above 0.9 are highlighted.
    public static let defaultThreshold: Float = 0.9

    /// Normalises `unnormalized` by its absolute maximum (an all-zero map stays zero).
    /// - Throws: ``InterpretabilityError/invalidArgument(name:value:reason:)`` for a size that
    ///   does not match the values, ``InterpretabilityError/nonFiniteMap(what:)`` for NaN or
    ///   infinite values.
    public init(unnormalized: [Float], width: Int, height: Int) throws {
        guard width > 0, height > 0, unnormalized.count == width * height else {
            throw InterpretabilityError.invalidArgument(
                name: "map size", value: "\(width)x\(height) with \(unnormalized.count) values",
                reason: "needs positive sizes and width * height values")
        }
        var maximum: Float = 0
        for value in unnormalized {
            guard value.isFinite else { throw InterpretabilityError.nonFiniteMap(what: "sensitivity map") }
            maximum = max(maximum, abs(value))
        }
        self.width = width
        self.height = height
        self.absoluteMaximum = maximum
        if maximum == 0 {
            values = [Float](repeating: 0, count: unnormalized.count)
        } else {
            values = unnormalized.map { $0 / maximum }
        }
    }

    /// Whether every value was zero before normalisation.
    public var isAllZero: Bool { absoluteMaximum == 0 }

    /// The value at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Float { values[y * width + x] }

    /// The pixels whose normalised value exceeds `threshold` (0.9 by default), row-major.
    public func highlightedRegion(threshold: Float = SensitivityMap.defaultThreshold) -> [Bool] {
        values.map { $0 > threshold }
    }

    /// The column and row of the largest value (the first in row-major order on ties).
    public var peak: (x: Int, y: Int) {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return (best % width, best / width)
    }

    /// The map interpolated to `width` x `height` with the Resampling module's TensorFlow-exact
    /// resizing (bicubic by default, as the paper resizes occlusion maps), then normalised again
    /// by its absolute maximum. An all-zero map stays all zero.
    /// - Throws: ``InterpretabilityError/invalidArgument(name:value:reason:)`` for a
    ///   non-positive size.
    public func resized(width newWidth: Int, height newHeight: Int, method: ResizeMethod = .bicubic) throws -> SensitivityMap {
        guard newWidth > 0, newHeight > 0 else {
            throw InterpretabilityError.invalidArgument(
                name: "map size", value: "\(newWidth)x\(newHeight)", reason: "must be positive")
        }
        if newWidth == width, newHeight == height { return self }
        return try SensitivityMap(
            unnormalized: try Resampler.resize(values, width: width, height: height, toWidth: newWidth, toHeight: newHeight, method: method),
            width: newWidth, height: newHeight)
    }
}
