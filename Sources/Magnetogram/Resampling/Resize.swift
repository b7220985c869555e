import Foundation

/// Interpolation for resizing, each as TensorFlow's `tf.image.resize(..., antialias=False)`
/// computes it (half-pixel centres: the input coordinate of output index i is
/// (i + 0.5) * in / out - 0.5).
public enum ResizeMethod: String, Sendable, CaseIterable, Codable {
    /// Keys cubic convolution with a = -0.5; taps outside the image get weight 0 and the rest
    /// are renormalised (TensorFlow's `ResizeBicubic` with half-pixel centres).
    case bicubic
    /// Linear interpolation between the two nearest pixels, clamped at the edges.
    case bilinear
    /// The pixel whose cell contains floor((i + 0.5) * in / out).
    case nearest
}

extension Magnetogram {
    /// The magnetogram resized to `width` x `height` pixels; the pixel scales grow or shrink
    /// accordingly (the result records its new degrees per pixel). NaN propagates through the
    /// taps it touches, as in TensorFlow.
    /// - Throws: ``MagnetogramError/invalidArgument(name:value:reason:)`` for a non-positive size.
    public func resized(width newWidth: Int, height newHeight: Int, method: ResizeMethod = .bicubic) throws -> Magnetogram {
        guard newWidth > 0, newHeight > 0 else {
            throw MagnetogramError.invalidArgument(name: "resize target", value: "\(newWidth)x\(newHeight)", reason: "must be positive")
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
                    for (tap, weight) in zip(rowTaps, rowWeights) { sum += weight * pixels[tap * width + x] }
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
                    let topLeft = pixels[top * width + left], topRight = pixels[top * width + right]
                    let bottomLeft = pixels[bottom * width + left], bottomRight = pixels[bottom * width + right]
                    let upper = topLeft + (topRight - topLeft) * xLerp
                    let lower = bottomLeft + (bottomRight - bottomLeft) * xLerp
                    result[oy * newWidth + ox] = upper + (lower - upper) * yLerp
                }
            case .nearest:
                for ox in 0..<newWidth { result[oy * newWidth + ox] = pixels[rowTaps[0] * width + columns.indices[ox][0]] }
            }
        }
        return with(
            width: newWidth, height: newHeight, pixels: result,
            scaleX: scaleX * Double(width) / Double(newWidth), scaleY: scaleY * Double(height) / Double(newHeight))
    }
}

/// The input indices and weights of every output index along one axis, computed in `Float`
/// exactly as TensorFlow does (bicubic weights from its 1024-entry table of the Keys kernel).
struct ResizeTaps {
    var indices: [[Int]]
    var weights: [[Float]]

    /// TensorFlow's bicubic coefficient table size.
    static let tableSize = 1024

    init(method: ResizeMethod, input: Int, output: Int) {
        let scale = Float(input) / Float(output)
        indices = []
        weights = []
        for i in 0..<output {
            switch method {
            case .nearest:
                indices.append([min(Int(((Float(i) + 0.5) * scale).rounded(.down)), input - 1)])
                weights.append([1])
            case .bilinear:
                let position = (Float(i) + 0.5) * scale - 0.5
                let lowerFloor = position.rounded(.down)
                indices.append([max(Int(lowerFloor), 0), min(Int(position.rounded(.up)), input - 1)])
                weights.append([1 - (position - lowerFloor), position - lowerFloor])
            case .bicubic:
                let position = (Float(i) + 0.5) * scale - 0.5
                let base = Int(position.rounded(.down))
                let offset = Int((( position - position.rounded(.down)) * Float(Self.tableSize)).rounded(.toNearestOrEven))
                let distances: [Float] = [
                    1 + Float(offset) / Float(Self.tableSize), Float(offset) / Float(Self.tableSize),
                    Float(Self.tableSize - offset) / Float(Self.tableSize), 1 + Float(Self.tableSize - offset) / Float(Self.tableSize),
                ]
                var taps: [Int] = [], tapWeights: [Float] = []
                for k in 0..<4 {
                    let index = base - 1 + k
                    guard index >= 0, index < input else { continue }
                    taps.append(index)
                    tapWeights.append(Self.keys(distances[k]))
                }
                let total = tapWeights.reduce(0, +)
                indices.append(taps)
                weights.append(abs(total) >= 1000 * Float.leastNormalMagnitude ? tapWeights.map { $0 * (1 / total) } : tapWeights)
            }
        }
    }

    /// The Keys cubic convolution kernel with a = -0.5, at distance `d` >= 0.
    static func keys(_ d: Float) -> Float {
        let a: Float = -0.5
        if d <= 1 { return ((a + 2) * d - (a + 3)) * d * d + 1 }
        if d < 2 { return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a }
        return 0
    }
}
