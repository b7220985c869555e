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

/// Expects `actual` to equal `expected` to `tolerance`, relative to values above 1 and absolute
/// below.
func expectClose(_ actual: [Float], _ expected: [Float], tolerance: Float = 1e-5, _ what: String) {
    #expect(actual.count == expected.count, "\(what): lengths \(actual.count) and \(expected.count)")
    let worst = zip(actual, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    #expect(worst <= tolerance, "\(what): worst relative difference \(worst)")
}

/// A seeded one-image convolution problem: input, kernel and bias uniform in [-1, 1), its window
/// and the reference output.
struct SeededConvolution {
    var input: Tensor
    var kernel: Tensor
    var bias: Tensor
    var geometry: WindowGeometry
    var expected: Tensor

    init(
        size: Int, stride: Int, padding: Padding, filters: Int, channels: Int, height: Int, width: Int,
        generator: inout SeededGenerator
    ) throws {
        input = try generator.uniformTensor(shape: [1, channels, height, width], low: -1, high: 1)
        kernel = try generator.uniformTensor(shape: [filters, channels, size, size], low: -1, high: 1)
        bias = try generator.uniformTensor(shape: [filters], low: -1, high: 1)
        geometry = WindowGeometry(
            channels: channels, inputHeight: height, inputWidth: width, windowHeight: size, windowWidth: size,
            strideHeight: stride, strideWidth: stride, padding: padding)
        expected = ConvolutionForward.reference(
            input: input, kernel: kernel, bias: bias, strideHeight: stride, strideWidth: stride, padding: padding)
    }
}
