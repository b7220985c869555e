/// Whether a forward pass trains (batch statistics, dropout, caches for `backward`) or infers.
public enum ForwardMode: Sendable, Equatable {
    /// Training: BatchNorm uses batch statistics and updates its moving averages, dropout
    /// drops, and every layer caches what its `backward` needs.
    case training
    /// Inference: BatchNorm uses its moving statistics and dropout is the identity.
    case inference
}

/// A differentiable building block with an explicit backward pass.
///
/// A layer maps an input tensor to an output tensor. After a forward pass in
/// ``ForwardMode/training`` mode, ``backward(_:)`` takes the gradient of a scalar loss with
/// respect to the output, accumulates the gradients of the layer's parameters, and returns the
/// gradient with respect to the input. Containers (``Sequential``, ``ConcatenatedBranches``,
/// ``TimeDistributed``) compose layers and name them, which gives every parameter a stable
/// dotted name such as `conv1.kernel`.
///
/// What else FlareKit does with a layer goes through protocols the layer adopts, so a new
/// layer needs no edits elsewhere: ``InferenceFusing`` and ``ChannelAffineAtInference``
/// (inference fusion), ``SpatiallyLocalLayer`` (incremental occlusion),
/// ``InferenceDifferentiable`` (saliency and Grad-CAM), ``ComposedLayer`` (containers), and
/// the requirements ``multiplyAdds(inputShape:)`` and ``summaryRows(name:inputShape:)``, which
/// have defaults (<doc:WritingALayer>).
///
/// Layers are reference types because they cache activations between `forward` and
/// `backward`; a layer instance belongs to one model and one thread at a time.
public protocol Layer: AnyObject {
    /// The parameters this layer owns directly (not those of its sublayers), with local names,
    /// in a stable order.
    var parameters: [(name: String, parameter: Parameter)] { get }

    /// The layers this layer contains, with their names, in a stable order.
    var sublayers: [(name: String, layer: any Layer)] { get }

    /// A short, human-readable kind name used for automatic naming and summaries
    /// (for example `conv2d`).
    var kind: String { get }

    /// The output shape for an input of the given shape (batch axis included).
    /// - Throws: ``NeuralCoreError`` if the layer cannot take that input.
    func outputShape(for inputShape: [Int]) throws -> [Int]

    /// Computes the output. In training mode also caches what `backward` needs.
    func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor

    /// Given dLoss/dOutput for the last training-mode forward pass, accumulates parameter
    /// gradients and returns dLoss/dInput.
    func backward(_ outputGradient: Tensor) throws -> Tensor

    /// The multiply-adds of one forward pass on an input of `inputShape` (batch axis
    /// included), counting matrix products (what GFLOP/s figures are based on: FLOPs = 2 x
    /// multiply-adds). The default counts nothing for a layer of its own and sums the
    /// sublayers of a ``ComposedLayer``; layers built on matrix products (``Conv2D``,
    /// ``Dense``, ``LSTM``) count them.
    func multiplyAdds(inputShape: [Int]) throws -> Int

    /// The rows this layer, named `name`, adds to ``summary(inputShape:title:)`` for an input
    /// of `inputShape` (batch axis included). The default is one row with the layer's own
    /// parameters, or for a ``ComposedLayer`` its sublayers' rows (and, for branches, a row
    /// for the concatenation).
    func summaryRows(name: String, inputShape: [Int]) throws -> [LayerSummaryRow]
}

extension Layer {
    public var parameters: [(name: String, parameter: Parameter)] { [] }
    public var sublayers: [(name: String, layer: any Layer)] { [] }
    public var kind: String { String(describing: type(of: self)).lowercased() }

    /// Every parameter of this layer and its sublayers, under dotted names
    /// (`prefix.sublayer.parameter`), in a stable order.
    public func namedParameters(prefix: String = "") -> [(name: String, parameter: Parameter)] {
        var result: [(name: String, parameter: Parameter)] = []
        for (name, parameter) in parameters {
            result.append((dottedName(prefix, name), parameter))
        }
        for (name, layer) in sublayers {
            result += layer.namedParameters(prefix: dottedName(prefix, name))
        }
        return result
    }

    /// Every layer below this one (this one first), under dotted names, depth first.
    public func namedLayers(prefix: String = "") -> [(name: String, layer: any Layer)] {
        var result: [(name: String, layer: any Layer)] = [(prefix, self)]
        for (name, layer) in sublayers {
            result += layer.namedLayers(prefix: dottedName(prefix, name))
        }
        return result
    }

    /// Sets every accumulated parameter gradient to zero.
    public func zeroGradients() {
        for (_, parameter) in namedParameters() { parameter.zeroGradient() }
    }

    /// The total number of parameter values (trainable and not), as Keras counts them.
    public var parameterCount: Int {
        namedParameters().reduce(0) { $0 + $1.parameter.value.count }
    }

    /// The number of trainable parameter values.
    public var trainableParameterCount: Int {
        namedParameters().filter { $0.parameter.isTrainable }.reduce(0) { $0 + $1.parameter.value.count }
    }

    /// The L2 penalty `sum over parameters of lambda * sum(W^2)`, accumulated in `Double`.
    public func regularizationLoss() -> Double {
        var total = 0.0
        for (_, parameter) in namedParameters() where parameter.l2 != 0 {
            var sum = 0.0
            parameter.value.withUnsafeBufferPointer { for v in $0 { sum += Double(v) * Double(v) } }
            total += Double(parameter.l2) * sum
        }
        return total
    }

    /// Adds `2 lambda W` to the gradient of every L2-regularised parameter.
    public func accumulateRegularizationGradients() {
        for (_, parameter) in namedParameters() where parameter.l2 != 0 {
            let factor = 2 * parameter.l2
            parameter.value.withUnsafeBufferPointer { value in
                parameter.gradient.withUnsafeMutableBufferPointer { gradient in
                    for i in 0..<value.count { gradient[i] += factor * value[i] }
                }
            }
        }
    }

    /// Layers that draw random numbers (dropout), with their dotted names.
    public func namedStochasticLayers(prefix: String = "") -> [(name: String, layer: any StochasticLayer)] {
        namedLayers(prefix: prefix).compactMap { entry in
            // A wrapper is transparent for naming: its wrapped layer stands in its place.
            let layer = (entry.layer as? any WrappingLayer)?.wrapped ?? entry.layer
            return (layer as? any StochasticLayer).map { (entry.name, $0) }
        }
    }

    /// The generator states of every stochastic layer, by dotted layer name.
    public var randomStates: [String: [UInt64]] {
        var states: [String: [UInt64]] = [:]
        for (name, layer) in namedStochasticLayers() { states[name] = layer.generator.state }
        return states
    }

    /// Restores generator states saved with ``randomStates``; layers without an entry keep
    /// theirs.
    /// - Throws: ``NeuralCoreError/invalidArgument(name:value:reason:)`` for a malformed state.
    public func restoreRandomStates(_ states: [String: [UInt64]]) throws {
        for (name, layer) in namedStochasticLayers() {
            if let state = states[name] { layer.generator = try SeededGenerator(state: state) }
        }
    }
}

/// The name `name` under `prefix` (`prefix.name`, or `name` at the top).
func dottedName(_ prefix: String, _ name: String) -> String {
    prefix.isEmpty ? name : "\(prefix).\(name)"
}

/// A layer that draws random numbers in training mode (dropout). Its generator state is part
/// of a checkpoint.
public protocol StochasticLayer: Layer {
    /// The layer's random generator.
    var generator: SeededGenerator { get set }
}
