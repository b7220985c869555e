import Foundation
import Testing
@testable import NeuralCore

/// Records every failing gradient-check result as an issue, with its figures.
func expectGradientsMatch(
    _ results: [GradientCheck.Result], _ label: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(!results.isEmpty, "\(label): no gradient was checked", sourceLocation: sourceLocation)
    if ProcessInfo.processInfo.environment["FLAREKIT_PRINT_GRADIENT_CHECKS"] == "1" {
        let worst = results.map(\.relativeError).max() ?? 0
        print("gradient check \(label): worst relative error \(worst) over \(results.count) tensors")
    }
    for result in results where !result.passed {
        Issue.record("\(label): \(result)", sourceLocation: sourceLocation)
    }
}

/// Random values in [-1, 1) whose magnitudes are at least `margin`, so a finite-difference
/// step never crosses the kink of ReLU-like functions at 0.
func awayFromZero(shape: [Int], margin: Float = 0.1, seed: UInt64) throws -> Tensor {
    var generator = SeededGenerator(seed: seed)
    var tensor = try Tensor(shape: shape)
    for i in 0..<tensor.count {
        let magnitude = generator.nextUniform(in: margin, 1)
        tensor[flat: i] = generator.nextUniform() < 0.5 ? -magnitude : magnitude
    }
    return tensor
}

/// A permutation of evenly spaced values (gap 0.05), so every pooling window has a unique
/// maximum that a finite-difference step cannot overtake.
func distinctValues(shape: [Int], seed: UInt64) throws -> Tensor {
    let count = shape.reduce(1, *)
    var generator = SeededGenerator(seed: seed)
    let order = generator.permutation(count)
    return try Tensor(shape: shape, scalars: order.map { Float($0) * 0.05 - Float(count) * 0.025 })
}

/// Direct (loop) convolution with Keras's padding, the reference for `Conv2D`.
func referenceConvolution(
    input: Tensor, kernel: Tensor, bias: Tensor?, strideHeight: Int, strideWidth: Int, padding: Padding
) -> Tensor {
    let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let (o, kh, kw) = (kernel.shape[0], kernel.shape[2], kernel.shape[3])
    let (outH, padTop) = padding.outputAndPadding(input: h, window: kh, stride: strideHeight)
    let (outW, padLeft) = padding.outputAndPadding(input: w, window: kw, stride: strideWidth)
    var output = Tensor(zeros: [n, o, outH, outW])
    for b in 0..<n {
        for f in 0..<o {
            for oy in 0..<outH {
                for ox in 0..<outW {
                    var sum = Double(bias?[f] ?? 0)
                    for ch in 0..<c {
                        for i in 0..<kh {
                            for j in 0..<kw {
                                let iy = oy * strideHeight - padTop + i
                                let ix = ox * strideWidth - padLeft + j
                                if iy < 0 || iy >= h || ix < 0 || ix >= w { continue }
                                sum += Double(input[b, ch, iy, ix]) * Double(kernel[f, ch, i, j])
                            }
                        }
                    }
                    output[b, f, oy, ox] = Float(sum)
                }
            }
        }
    }
    return output
}
