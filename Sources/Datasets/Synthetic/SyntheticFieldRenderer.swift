import Foundation
import NeuralCore

/// Renders synthetic line-of-sight fields: Gaussian footpoints (separable, so each costs one
/// multiply-add per pixel of its 4-sigma box), a projection factor, and Gaussian noise.
struct SyntheticFieldRenderer {
    let width: Int
    let height: Int
    /// Megametres per pixel.
    let megametresPerPixel: Double
    private var columnWeights: [Float]
    private var rowWeights: [Float]

    init(width: Int, height: Int, megametresPerPixel: Double) {
        self.width = width
        self.height = height
        self.megametresPerPixel = megametresPerPixel
        columnWeights = [Float](repeating: 0, count: width)
        rowWeights = [Float](repeating: 0, count: height)
    }

    /// The field (gauss) of `footpoints` times `projection`, written over `pixels`
    /// (`width * height`, row-major, row 0 the southernmost).
    mutating func render(_ footpoints: [SyntheticFootpoint], projection: Double, into pixels: inout [Float]) {
        let (w, h) = (width, height)
        let step = megametresPerPixel
        let centreColumn = Double(w - 1) / 2, centreRow = Double(h - 1) / 2
        pixels.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<buffer.count { buffer[index] = 0 }
        }
        for footpoint in footpoints where footpoint.flux != 0 && footpoint.sigma > 0 {
            let sigmaPixels = footpoint.sigma / step
            let amplitude = projection * footpoint.flux / (2 * Double.pi * footpoint.sigma * footpoint.sigma * 1e16)
            let cx = centreColumn + footpoint.x / step, cy = centreRow + footpoint.y / step
            let reach = 4 * sigmaPixels
            let i0 = max(0, Int((cx - reach).rounded(.down))), i1 = min(w - 1, Int((cx + reach).rounded(.up)))
            let j0 = max(0, Int((cy - reach).rounded(.down))), j1 = min(h - 1, Int((cy + reach).rounded(.up)))
            guard i0 <= i1, j0 <= j1 else { continue }
            let inverse = 1 / (2 * sigmaPixels * sigmaPixels)
            columnWeights.withUnsafeMutableBufferPointer { gx in
                for i in i0...i1 {
                    let d = Double(i) - cx
                    gx[i] = Float(exp(-d * d * inverse))
                }
            }
            rowWeights.withUnsafeMutableBufferPointer { gy in
                for j in j0...j1 {
                    let d = Double(j) - cy
                    gy[j] = Float(amplitude * exp(-d * d * inverse))
                }
            }
            columnWeights.withUnsafeBufferPointer { gx in
                rowWeights.withUnsafeBufferPointer { gy in
                    pixels.withUnsafeMutableBufferPointer { out in
                        for j in j0...j1 {
                            let a = gy[j]
                            let row = j * w
                            for i in i0...i1 { out[row + i] += a * gx[i] }
                        }
                    }
                }
            }
        }
    }

    /// Adds Gaussian noise of standard deviation `sigma` gauss (values of
    /// ``SyntheticRandom/normalTable`` picked with 16 random bits each).
    static func addNoise(sigma: Float, to pixels: inout [Float], _ generator: inout SeededGenerator) {
        guard sigma > 0 else { return }
        SyntheticRandom.normalTable.withUnsafeBufferPointer { table in
            pixels.withUnsafeMutableBufferPointer { out in
                var index = 0
                let count = out.count
                while index < count {
                    var bits = generator.next()
                    for _ in 0..<4 where index < count {
                        out[index] += sigma * table[Int(bits & 0xFFFF)]
                        bits >>= 16
                        index += 1
                    }
                }
            }
        }
    }
}
