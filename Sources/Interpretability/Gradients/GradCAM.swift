import Architectures
import NeuralCore
import Resampling

/// A Grad-CAM map and what it was made of.
public struct GradCAMMap: Sendable, Equatable {
    /// The layer explained.
    public let layer: String
    /// w_c: the spatial mean of d target / d A_c, one per channel of the layer's output.
    public let channelWeights: [Float]
    /// ReLU(sum_c w_c A_c) at the layer's resolution, row-major `[height][width]`, unnormalised.
    public let localization: [Float]
    /// The layer's output height.
    public let layerHeight: Int
    /// The layer's output width.
    public let layerWidth: Int
    /// The localisation upsampled (bilinear) to the input size and normalised; for a
    /// ``MagnetogramInput``, brought on to the magnetogram's grid (bicubic from the input size).
    public let map: SensitivityMap
    /// The flaring probability of the input.
    public let probability: Float
}

/// Grad-CAM (Selvaraju et al. 2017) for a CNN: at a chosen layer with output A (channels c),
/// the weights w_c are the spatial means of d target / d A_c, and the map is
/// ReLU(sum_c w_c A_c), upsampled bilinearly to the input size and normalised by its maximum.
/// Gradients are taken in inference mode as for ``Saliency``.
///
/// The default layer is the last inception module (the last branches, `ConcatenatedBranches`:
/// CNN-2's `inception2`), or, in a network without one, the last layer before the first that
/// mixes positions (neither spatially local nor a container: the global pooling or flattening;
/// CNN-1's `pool2`).
///
/// ```swift
/// let gradCAM = try GradCAM(model: model)                 // CNN-2: inception2
/// let result = try gradCAM.map(for: input)                // a MagnetogramInput
/// result.channelWeights.count                              // 256
/// ```
public struct GradCAM {
    /// The network: a chain whose output is one probability per sample.
    public let network: Sequential
    /// The name of the top-level layer explained.
    public let layer: String
    /// The scalar differentiated (the normalised map is the same for both targets).
    public var target: GradientTarget

    /// Grad-CAM of `network` at the top-level layer named `layer` (default: see the type).
    /// - Throws: ``InterpretabilityError/unknownLayer(name:available:)`` for a name that is not
    ///   a top-level layer; ``InterpretabilityError/unsupportedLayer(name:kind:reason:)`` when
    ///   no default layer exists.
    public init(network: Sequential, layer: String? = nil, target: GradientTarget = .probability) throws {
        let names = network.layers.map(\.name)
        if let layer {
            guard names.contains(layer) else { throw InterpretabilityError.unknownLayer(name: layer, available: names) }
            self.layer = layer
        } else if let inception = network.layers.last(where: { ($0.layer as? any ComposedLayer)?.composition == .branches }) {
            self.layer = inception.name
        } else {
            let spatialEnd = network.layers.firstIndex { !($0.layer is any SpatiallyLocalLayer || $0.layer is any ComposedLayer) }
            guard let end = spatialEnd, end > 0 else {
                throw InterpretabilityError.unsupportedLayer(
                    name: names.last ?? "", kind: "sequential", reason: "no spatial layer to explain; name one")
            }
            self.layer = names[end - 1]
        }
        self.network = network
        self.target = target
    }

    /// Grad-CAM of one of the papers' CNNs.
    public init(model: FlareModel, layer: String? = nil, target: GradientTarget = .probability) throws {
        try self.init(network: model.network, layer: layer, target: target)
    }

    /// The Grad-CAM map of a prepared magnetogram: upsampled to the input size, brought back
    /// onto the magnetogram (``MagnetogramInput/projectOntoMagnetogram(_:)``) and normalised.
    /// - Throws: As ``map(for:)-(Tensor)``.
    public func map(for input: MagnetogramInput) throws -> GradCAMMap {
        let result = try map(for: input.tensor)
        let upsampled = try Resampler.resize(
            result.localization, width: result.layerWidth, height: result.layerHeight,
            toWidth: input.tensor.shape[3], toHeight: input.tensor.shape[2], method: .bilinear)
        return GradCAMMap(
            layer: result.layer, channelWeights: result.channelWeights, localization: result.localization,
            layerHeight: result.layerHeight, layerWidth: result.layerWidth, map: try input.sensitivityMap(upsampled),
            probability: result.probability)
    }

    /// The Grad-CAM map of an input `[1, C, H, W]`, at the input's size.
    /// - Throws: ``InterpretabilityError`` for a bad input, a layer whose output is not
    ///   `[1, C, h, w]`, an unsupported layer or a bad output.
    public func map(for input: Tensor) throws -> GradCAMMap {
        guard input.rank == 4, input.shape[0] == 1 else {
            throw InterpretabilityError.invalidInput(shape: input.shape, reason: "expected one sample [1, C, H, W]")
        }
        let (activation, gradient, probability) = try InferenceTape.preservingState(of: network) {
            let tape = try InferenceTape(network: network, input: input)
            let probability = try OutputProbabilities.extract(tape.output, batch: 1)[0]
            let index = tape.steps.firstIndex { $0.name == layer }!
            let (targetIndex, seed) = try tape.targetStep(target)
            guard index < targetIndex else {
                throw InterpretabilityError.unsupportedLayer(
                    name: layer, kind: tape.steps[index].layer.kind, reason: "it is not before the output")
            }
            return (tape.steps[index].output, try tape.propagate(seed, from: targetIndex, to: index), probability)
        }
        guard activation.rank == 4 else {
            throw InterpretabilityError.unsupportedLayer(
                name: layer, kind: "output \(activation.shape)", reason: "Grad-CAM needs a spatial output [1, C, h, w]")
        }
        let (channels, height, width) = (activation.shape[1], activation.shape[2], activation.shape[3])
        let plane = height * width
        var weights = [Float](repeating: 0, count: channels)
        var localization = [Float](repeating: 0, count: plane)
        activation.withUnsafeBufferPointer { a in
            gradient.withUnsafeBufferPointer { g in
                for c in 0..<channels {
                    var sum: Double = 0
                    for i in 0..<plane { sum += Double(g[c * plane + i]) }
                    weights[c] = Float(sum / Double(plane))
                }
                for i in 0..<plane {
                    var sum: Float = 0
                    for c in 0..<channels { sum += weights[c] * a[c * plane + i] }
                    localization[i] = max(0, sum)
                }
            }
        }
        guard localization.allSatisfy(\.isFinite) else { throw InterpretabilityError.nonFiniteMap(what: "Grad-CAM map") }
        let (inputHeight, inputWidth) = (input.shape[2], input.shape[3])
        let upsampled = try Resampler.resize(
            localization, width: width, height: height, toWidth: inputWidth, toHeight: inputHeight, method: .bilinear)
        let map = try SensitivityMap(unnormalized: upsampled, width: inputWidth, height: inputHeight)
        return GradCAMMap(
            layer: layer, channelWeights: weights, localization: localization, layerHeight: height, layerWidth: width,
            map: map, probability: probability)
    }
}
