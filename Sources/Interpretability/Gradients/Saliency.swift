import Architectures
import Magnetogram
import NeuralCore

/// A saliency map and the gradient it comes from.
public struct SaliencyMap: Sendable, Equatable {
    /// d target / d input, the shape of the input `[1, C, H, W]`.
    public let gradient: Tensor
    /// max over channels of |gradient|, normalised; at the magnetogram's size for a
    /// ``MagnetogramInput``, otherwise at the input's size.
    public let map: SensitivityMap
    /// The flaring probability of the input.
    public let probability: Float
    /// The scalar differentiated.
    public let target: GradientTarget
}

/// Saliency (Simonyan et al. 2013): the gradient of the network's output with respect to its
/// input, taken through the layers' backward passes in inference mode (BatchNorm with its
/// moving statistics, Dropout as the identity), and the map of its absolute value (the
/// largest over channels), normalised by its maximum.
///
/// The target is the probability by default, or the logit (the input of the final sigmoid);
/// the normalised map is the same for both (see ``GradientTarget``).
///
/// ```swift
/// let saliency = try Saliency(model: model).map(for: input)   // a MagnetogramInput
/// try saliency.map.writeOverlayPNG(on: input.magnetogram, to: URL(fileURLWithPath: "saliency.png"))
/// ```
public struct Saliency {
    /// The network: a chain whose output is one probability per sample.
    public let network: Sequential
    /// The scalar differentiated.
    public var target: GradientTarget

    /// Saliency of `network`.
    public init(network: Sequential, target: GradientTarget = .probability) {
        self.network = network
        self.target = target
    }

    /// Saliency of one of the papers' CNNs.
    public init(model: FlareModel, target: GradientTarget = .probability) {
        self.init(network: model.network, target: target)
    }

    /// d target / d input for an input `[1, C, H, W]`, and the probability.
    /// - Throws: ``InterpretabilityError`` for a bad input, an unsupported layer or a bad output.
    public func gradient(for input: Tensor) throws -> (gradient: Tensor, probability: Float) {
        guard input.rank == 4, input.shape[0] == 1 else {
            throw InterpretabilityError.invalidInput(shape: input.shape, reason: "expected one sample [1, C, H, W]")
        }
        return try InferenceTape.preservingState(of: network) {
            let tape = try InferenceTape(network: network, input: input)
            let probability = try OutputProbabilities.extract(tape.output, batch: 1)[0]
            let (index, seed) = try tape.targetStep(target)
            let gradient = try tape.propagate(seed, from: index, to: -1)
            try gradient.expectShape(input.shape, in: "saliency gradient")
            return (gradient, probability)
        }
    }

    /// The saliency map of an input `[1, C, H, W]`, at the input's size.
    /// - Throws: As ``gradient(for:)``, and ``InterpretabilityError/nonFiniteMap(what:)``.
    public func map(for input: Tensor) throws -> SaliencyMap {
        let (gradient, probability) = try self.gradient(for: input)
        let magnitude = Self.magnitude(gradient)
        return SaliencyMap(
            gradient: gradient, map: try SensitivityMap(unnormalized: magnitude, width: input.shape[3], height: input.shape[2]),
            probability: probability, target: target)
    }

    /// The saliency map of a prepared magnetogram, brought back onto it
    /// (``MagnetogramInput/projectOntoMagnetogram(_:)``) and normalised.
    /// - Throws: As ``map(for:)-(Tensor)``.
    public func map(for input: MagnetogramInput) throws -> SaliencyMap {
        let (gradient, probability) = try self.gradient(for: input.tensor)
        return SaliencyMap(
            gradient: gradient, map: try input.sensitivityMap(Self.magnitude(gradient)), probability: probability,
            target: target)
    }

    /// max over channels of |gradient| per pixel.
    static func magnitude(_ gradient: Tensor) -> [Float] {
        let (channels, plane) = (gradient.shape[1], gradient.shape[2] * gradient.shape[3])
        var magnitude = [Float](repeating: 0, count: plane)
        gradient.withUnsafeBufferPointer { g in
            for channel in 0..<channels {
                for i in 0..<plane { magnitude[i] = max(magnitude[i], abs(g[channel * plane + i])) }
            }
        }
        return magnitude
    }
}
