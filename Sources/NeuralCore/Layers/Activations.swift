/// An element-wise activation: a function and its derivative, written once and shared by
/// the activation layers. The derivative may use the input, the output, or both.
protocol ElementwiseActivation: Layer {
    /// Whether `backward` needs the cached input (otherwise it needs the output).
    static var derivativeUsesInput: Bool { get }
    /// Fills `output` with f(input).
    func apply(_ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>)
    /// Fills `inputGradient` with outputGradient * f'(.) given the cached tensor.
    func derivative(
        cached: UnsafeBufferPointer<Float>, outputGradient: UnsafeBufferPointer<Float>,
        inputGradient: UnsafeMutableBufferPointer<Float>)

    var cache: Tensor? { get set }
}

extension ElementwiseActivation {
    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let output = input.mapChunks { x, y in apply(x, y) }
        cache = mode == .training ? (Self.derivativeUsesInput ? input : output) : nil
        return output
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let cached = cache else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        try outputGradient.expectShape(cached.shape, in: "\(kind) backward")
        cache = nil
        return cached.combineChunks(with: outputGradient) { c, dy, dx in
            derivative(cached: c, outputGradient: dy, inputGradient: dx)
        }
    }
}

/// `max(x, 0)`; the derivative at 0 is 0.
public final class ReLU: Layer, ElementwiseActivation {
    var cache: Tensor?
    static let derivativeUsesInput = true
    /// Creates the activation.
    public init() {}
    public var kind: String { "relu" }
    func apply(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        Elementwise.relu(x, y)
    }
    func derivative(cached x: UnsafeBufferPointer<Float>, outputGradient dy: UnsafeBufferPointer<Float>,
                    inputGradient dx: UnsafeMutableBufferPointer<Float>) {
        Elementwise.reluGradient(input: x, outputGradient: dy, inputGradient: dx)
    }
}

/// `x` for x > 0, `slope * x` otherwise (Keras's `LeakyReLU`, default slope 0.3).
public final class LeakyReLU: Layer, ElementwiseActivation {
    /// The slope for negative inputs.
    public let slope: Float
    var cache: Tensor?
    static let derivativeUsesInput = true
    /// Creates the activation; Keras's `LeakyReLU` layer defaults to 0.3.
    public init(slope: Float = 0.3) { self.slope = slope }
    public var kind: String { "leaky_re_lu" }
    func apply(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        Elementwise.leakyReLU(x, y, slope: slope)
    }
    func derivative(cached x: UnsafeBufferPointer<Float>, outputGradient dy: UnsafeBufferPointer<Float>,
                    inputGradient dx: UnsafeMutableBufferPointer<Float>) {
        Elementwise.leakyReLUGradient(input: x, outputGradient: dy, inputGradient: dx, slope: slope)
    }
}

/// The identity; CNN-2's linear variant uses it in place of LeakyReLU.
public final class Identity: Layer, ElementwiseActivation {
    var cache: Tensor?
    static let derivativeUsesInput = false
    /// Creates the activation.
    public init() {}
    public var kind: String { "identity" }
    func apply(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        _ = y.update(fromContentsOf: x)
    }
    func derivative(cached: UnsafeBufferPointer<Float>, outputGradient dy: UnsafeBufferPointer<Float>,
                    inputGradient dx: UnsafeMutableBufferPointer<Float>) {
        _ = dx.update(fromContentsOf: dy)
    }
}

/// The logistic function `1 / (1 + exp(-x))`, computed without overflow.
public final class Sigmoid: Layer, ElementwiseActivation, LogitToProbability {
    var cache: Tensor?
    static let derivativeUsesInput = false
    /// Creates the activation.
    public init() {}
    public var kind: String { "sigmoid" }
    func apply(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        Elementwise.sigmoid(x, y)
    }
    func derivative(cached y: UnsafeBufferPointer<Float>, outputGradient dy: UnsafeBufferPointer<Float>,
                    inputGradient dx: UnsafeMutableBufferPointer<Float>) {
        Elementwise.sigmoidGradient(output: y, outputGradient: dy, inputGradient: dx)
    }
}

/// The hyperbolic tangent.
public final class Tanh: Layer, ElementwiseActivation {
    var cache: Tensor?
    static let derivativeUsesInput = false
    /// Creates the activation.
    public init() {}
    public var kind: String { "tanh" }
    func apply(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        Elementwise.tanh(x, y)
    }
    func derivative(cached y: UnsafeBufferPointer<Float>, outputGradient dy: UnsafeBufferPointer<Float>,
                    inputGradient dx: UnsafeMutableBufferPointer<Float>) {
        Elementwise.tanhGradient(output: y, outputGradient: dy, inputGradient: dx)
    }
}
