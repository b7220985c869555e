import CSupport
import Foundation

/// Element-wise activation functions and their derivatives on buffers, for the activation
/// layers and the activations fused into ``Conv2D`` and ``BatchNorm``. No allocation; each
/// function's plain-Swift reference is ``ElementwiseFunction``.
enum Elementwise {
    /// `values[i] = values[i] > 0 ? values[i] : slope * values[i]` in place (the C kernel, AVX2
    /// where available); ReLU for slope 0.
    @inline(__always)
    static func leakyReLU(_ values: UnsafeMutablePointer<Float>, count: Int, slope: Float) {
        flarekit_leaky_relu(values, count, slope)
    }

    /// `result = gradient` times the leaky ReLU's derivative read off its `output`: `slope`
    /// where the output is not positive (the C kernel, AVX2 where available; `result` may be
    /// `gradient`). The reference is ``leakyReLUGradient(input:outputGradient:inputGradient:slope:)``
    /// on the output, whose sign is the input's.
    @inline(__always)
    static func leakyReLUGradient(
        output: UnsafePointer<Float>, gradient: UnsafePointer<Float>, into result: UnsafeMutablePointer<Float>,
        count: Int, slope: Float
    ) {
        flarekit_leaky_relu_backward(output, gradient, result, count, slope)
    }

    /// `y = max(x, 0)`.
    static func relu(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<x.count { y[i] = x[i] > 0 ? x[i] : 0 }
    }

    /// `dx = dy` where the input `x` is positive, 0 elsewhere.
    static func reluGradient(
        input x: UnsafeBufferPointer<Float>, outputGradient dy: UnsafeBufferPointer<Float>,
        inputGradient dx: UnsafeMutableBufferPointer<Float>
    ) {
        for i in 0..<x.count { dx[i] = x[i] > 0 ? dy[i] : 0 }
    }

    /// `y = x` for positive `x`, `slope * x` otherwise.
    static func leakyReLU(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>, slope: Float) {
        for i in 0..<x.count { y[i] = x[i] > 0 ? x[i] : slope * x[i] }
    }

    /// `dx = dy` where the input `x` is positive, `slope * dy` elsewhere.
    static func leakyReLUGradient(
        input x: UnsafeBufferPointer<Float>, outputGradient dy: UnsafeBufferPointer<Float>,
        inputGradient dx: UnsafeMutableBufferPointer<Float>, slope: Float
    ) {
        for i in 0..<x.count { dx[i] = x[i] > 0 ? dy[i] : slope * dy[i] }
    }

    /// `y = 1 / (1 + exp(-x))` without overflow.
    static func sigmoid(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<x.count { y[i] = logistic(x[i]) }
    }

    /// `dx = dy y (1 - y)` from the sigmoid's output `y`.
    static func sigmoidGradient(
        output y: UnsafeBufferPointer<Float>, outputGradient dy: UnsafeBufferPointer<Float>,
        inputGradient dx: UnsafeMutableBufferPointer<Float>
    ) {
        for i in 0..<y.count { dx[i] = dy[i] * y[i] * (1 - y[i]) }
    }

    /// `y = tanh(x)`.
    static func tanh(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<x.count { y[i] = tanhf(x[i]) }
    }

    /// `dx = dy (1 - y^2)` from the tanh's output `y`.
    static func tanhGradient(
        output y: UnsafeBufferPointer<Float>, outputGradient dy: UnsafeBufferPointer<Float>,
        inputGradient dx: UnsafeMutableBufferPointer<Float>
    ) {
        for i in 0..<y.count { dx[i] = dy[i] * (1 - y[i] * y[i]) }
    }
}

/// The logistic function, stable for large |x|.
@inline(__always)
func logistic(_ x: Float) -> Float {
    if x >= 0 {
        return 1 / (1 + expf(-x))
    }
    let e = expf(x)
    return e / (1 + e)
}

/// The plain-Swift references of the ``Elementwise`` kernels: each function and its derivative
/// for one value, in `Double`.
enum ElementwiseFunction {
    case relu
    case leakyReLU(slope: Float)
    case sigmoid
    case tanh

    /// f(x).
    func value(_ x: Float) -> Float {
        let v = Double(x)
        switch self {
        case .relu: return x > 0 ? x : 0
        case let .leakyReLU(slope): return x > 0 ? x : Float(Double(slope) * v)
        case .sigmoid: return Float(1 / (1 + Foundation.exp(-v)))
        case .tanh: return Float(Foundation.tanh(v))
        }
    }

    /// `outputGradient * f'(x)`, with `y = f(x)`.
    func gradient(input x: Float, output y: Float, outputGradient dy: Float) -> Float {
        let (d, v) = (Double(dy), Double(y))
        switch self {
        case .relu: return x > 0 ? dy : 0
        case let .leakyReLU(slope): return x > 0 ? dy : Float(Double(slope) * d)
        case .sigmoid: return Float(d * v * (1 - v))
        case .tanh: return Float(d * (1 - v * v))
        }
    }
}

extension Elementwise {
    /// `outputGradient` times the derivative of `activation`, read off its `output` (of the
    /// same shape), as a new tensor (no copy of `outputGradient` first); rows of `rowLength`
    /// values split over the workers. The identity returns `outputGradient`.
    static func backpropagate(
        _ activation: PointwiseActivation, output: Tensor, outputGradient: Tensor, rowLength: Int
    ) -> Tensor {
        if activation == .identity { return outputGradient }
        return Tensor(uninitialized: outputGradient.shape) { result in
            output.withUnsafeBufferPointer { y in
                outputGradient.withUnsafeBufferPointer { dy in
                    let ys = SendableConstPointer(y.baseAddress!), dys = SendableConstPointer(dy.baseAddress!)
                    let rs = SendablePointer(result.baseAddress!)
                    Parallel.forEachChunk(dy.count / rowLength, costPerItem: rowLength) { rows in
                        let offset = rows.lowerBound * rowLength
                        activation.backpropagate(
                            output: ys.base + offset, gradient: dys.base + offset, into: rs.base + offset,
                            count: rows.count * rowLength)
                    }
                }
            }
        }
    }

    /// ``backpropagate(_:output:outputGradient:rowLength:)`` (any activation, the identity
    /// included) with the sum of each row of the result in the same pass: `flarekit_sum`'s
    /// value, so a bias gradient built from them equals ``featureSums(_:layout:centres:)`` of
    /// the result.
    static func backpropagateSummingRows(
        _ activation: PointwiseActivation, output: Tensor, outputGradient: Tensor, rowLength: Int
    ) -> (gradient: Tensor, rowSums: [Float]) {
        let rowCount = rowLength == 0 ? 0 : outputGradient.count / rowLength
        var rowSums = [Float](repeating: 0, count: rowCount)
        let slope = activation.negativeSlope
        let gradient = Tensor(uninitialized: outputGradient.shape) { result in
            output.withUnsafeBufferPointer { y in
                outputGradient.withUnsafeBufferPointer { dy in
                    rowSums.withUnsafeMutableBufferPointer { sums in
                        let ys = SendableConstPointer(y.baseAddress!), dys = SendableConstPointer(dy.baseAddress!)
                        let rs = SendablePointer(result.baseAddress!), ss = SendablePointer(sums.baseAddress!)
                        Parallel.forEachChunk(rowCount, costPerItem: rowLength) { rows in
                            for row in rows {
                                let offset = row * rowLength
                                if slope == 1 {
                                    (rs.base + offset).update(from: dys.base + offset, count: rowLength)
                                    ss.base[row] = flarekit_sum(rs.base + offset, rowLength)
                                } else {
                                    ss.base[row] = flarekit_leaky_relu_backward_sum(
                                        ys.base + offset, dys.base + offset, rs.base + offset, rowLength, slope)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (gradient, rowSums)
    }
}
