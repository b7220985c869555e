/// A chain of named layers, each feeding the next (Keras's `Sequential`).
///
/// Names make the dotted parameter names: a `Conv2D` named `conv1` contributes
/// `conv1.kernel` and `conv1.bias`. Unnamed layers are named after their kind as Keras does
/// (`conv2d`, `conv2d_1`, ...).
///
/// ```swift
/// let model = try Sequential([
///     ("conv1", Conv2D(.init(inChannels: 1, filters: 8, kernelSize: 3, padding: .same), generator: &g)),
///     ("act1", LeakyReLU()),
///     ("flatten", Flatten()),
/// ])
/// ```
public final class Sequential: Layer {
    /// The layers with their names, in order.
    public private(set) var layers: [(name: String, layer: any Layer)]

    public var kind: String { "sequential" }

    /// Whether inference runs layers together with those they absorb (``InferenceFusing``, see
    /// ``forward(_:mode:)``). On by default; turn it off to run every layer separately.
    public var fusesInference = true

    /// The inference passes planned from the layers, made by the first inference forward
    /// pass and dropped when a layer is appended.
    var inferencePlan: [InferenceStep]?

    /// Creates the chain from named layers. Names must be unique and contain no dot.
    public init(_ layers: [(String, any Layer)]) throws {
        self.layers = []
        for (name, layer) in layers { try append(layer, name: name) }
    }

    /// Creates the chain, naming each layer after its kind (`dense`, `dense_1`, ...).
    public init(_ layers: [any Layer]) throws {
        self.layers = []
        for layer in layers { try append(layer) }
    }

    /// Appends a layer; without a name it is named after its kind.
    public func append(_ layer: any Layer, name: String? = nil) throws {
        let chosen = name ?? uniqueName(for: layer.kind)
        guard !chosen.isEmpty, !chosen.contains(".") else {
            throw NeuralCoreError.invalidArgument(name: "layer name", value: "'\(chosen)'", reason: "must be non-empty and contain no '.'")
        }
        guard !layers.contains(where: { $0.name == chosen }) else {
            throw NeuralCoreError.invalidArgument(name: "layer name", value: "'\(chosen)'", reason: "is used twice")
        }
        layers.append((chosen, layer))
        inferencePlan = nil
    }

    private func uniqueName(for kind: String) -> String {
        if !layers.contains(where: { $0.name == kind }) { return kind }
        var index = 1
        while layers.contains(where: { $0.name == "\(kind)_\(index)" }) { index += 1 }
        return "\(kind)_\(index)"
    }

    public var sublayers: [(name: String, layer: any Layer)] { layers }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try layers.reduce(inputShape) { try $1.layer.outputShape(for: $0) }
    }

    /// Runs the layers in order. In inference mode (with ``fusesInference``), a layer that
    /// adopts ``InferenceFusing`` runs together with the layers it absorbs: a ``Conv2D``
    /// followed by a ``BatchNorm`` and/or a valid ``MaxPool2D`` runs as one
    /// pass, the normalisation folded into the kernel and bias and the pooling done band by
    /// band while the convolution's output is in cache. Which layers fuse is planned on the
    /// first inference pass and kept until a layer is appended. The result equals the
    /// layer-by-layer one up to rounding.
    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        if mode == .inference, fusesInference { return try inferenceForward(input) }
        return try layers.reduce(input) { try $1.layer.forward($0, mode: mode) }
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        var gradient = outputGradient
        for index in layers.indices.reversed() {
            gradient = try backward(
                through: layers[index].layer, before: index + 1 < layers.count ? layers[index + 1].layer : nil, gradient)
        }
        return gradient
    }
}
