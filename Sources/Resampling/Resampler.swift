/// TensorFlow-exact resizing of a plain row-major grid of values (`tf.image.resize(...,
/// antialias=False)` with half-pixel centres): the kernel behind the Magnetogram module's
/// `Magnetogram.resized(width:height:method:)`, and the resizing of grids that are not
/// magnetograms (a sensitivity map, a network-input map brought back onto a magnetogram). NaN
/// propagates through the taps it touches, as in TensorFlow.
///
/// ```swift
/// let grid: [Float] = [0, 1, 2, 3]                                   // 2 x 2
/// let large = try Resampler.resize(grid, width: 2, height: 2, toWidth: 4, toHeight: 4, method: .bilinear)
/// ```
public enum Resampler {
    /// `grid` (`width` x `height` values, row-major) interpolated to `newWidth` x `newHeight`.
    /// - Throws: ``ResamplingError/invalidArgument(name:value:reason:)`` for a non-positive
    ///   size or a grid that does not hold `width * height` values.
    public static func resize(
        _ grid: [Float], width: Int, height: Int, toWidth newWidth: Int, toHeight newHeight: Int, method: ResizeMethod
    ) throws -> [Float] {
        guard width > 0, height > 0, newWidth > 0, newHeight > 0 else {
            throw ResamplingError.invalidArgument(
                name: "resize sizes", value: "\(width)x\(height) to \(newWidth)x\(newHeight)", reason: "must be positive")
        }
        guard grid.count == width * height else {
            throw ResamplingError.invalidArgument(
                name: "grid to resize", value: "\(grid.count) values", reason: "needs \(width) x \(height) = \(width * height)")
        }
        let columns = ResizeTaps(method: method, input: width, output: newWidth)
        let rows = ResizeTaps(method: method, input: height, output: newHeight)
        var result = [Float](repeating: 0, count: newHeight * newWidth)
        // TensorFlow's order of operations: bicubic interpolates down the rows first, then
        // across; bilinear across first, then down, as a + (b - a) t.
        var line = [Float](repeating: 0, count: method == .bicubic ? width : newWidth)
        for oy in 0..<newHeight {
            let rowTaps = rows.indices[oy], rowWeights = rows.weights[oy]
            switch method {
            case .bicubic:
                for x in 0..<width {
                    var sum: Float = 0
                    for (tap, weight) in zip(rowTaps, rowWeights) { sum += weight * grid[tap * width + x] }
                    line[x] = sum
                }
                for ox in 0..<newWidth {
                    var sum: Float = 0
                    for (tap, weight) in zip(columns.indices[ox], columns.weights[ox]) { sum += weight * line[tap] }
                    result[oy * newWidth + ox] = sum
                }
            case .bilinear:
                let (top, bottom, yLerp) = (rowTaps[0], rowTaps[1], rows.weights[oy][1])
                for ox in 0..<newWidth {
                    let (left, right, xLerp) = (columns.indices[ox][0], columns.indices[ox][1], columns.weights[ox][1])
                    let topLeft = grid[top * width + left], topRight = grid[top * width + right]
                    let bottomLeft = grid[bottom * width + left], bottomRight = grid[bottom * width + right]
                    let upper = topLeft + (topRight - topLeft) * xLerp
                    let lower = bottomLeft + (bottomRight - bottomLeft) * xLerp
                    result[oy * newWidth + ox] = upper + (lower - upper) * yLerp
                }
            case .nearest:
                for ox in 0..<newWidth { result[oy * newWidth + ox] = grid[rowTaps[0] * width + columns.indices[ox][0]] }
            }
        }
        return result
    }
}
