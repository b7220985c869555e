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

    /// Whether inference fuses a convolution with the BatchNorm and max pool that follow it
    /// (see ``forward(_:mode:)``). On by default; turn it off to run every layer separately.
    public var fusesInference = true

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

    /// Runs the layers in order. In inference mode (with ``fusesInference``), a ``Conv2D``
    /// followed by a ``BatchNorm`` and/or a non-overlapping valid ``MaxPool2D`` runs as one
    /// pass: the normalisation is folded into the kernel and bias, and pooling happens band by
    /// band while the convolution's output is in cache. The result equals the layer-by-layer
    /// one up to rounding.
    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        var x = input
        var index = 0
        while index < layers.count {
            if mode == .inference, fusesInference, let conv = layers[index].layer as? Conv2D,
               let (affine, activation, pool, next) = fusion(after: conv, at: index) {
                x = try conv.inferenceForward(x, affine: affine, activation: activation, pool: pool)
                index = next
                continue
            }
            x = try layers[index].layer.forward(x, mode: mode)
            index += 1
        }
        return x
    }

    /// What can fuse with the convolution at `index`, or nil when nothing follows it that can.
    private func fusion(after conv: Conv2D, at index: Int) -> (
        Conv2D.ChannelAffine?, PointwiseActivation, MaxPool2D?, Int
    )? {
        var next = index + 1
        var activation = conv.configuration.activation
        var affine: Conv2D.ChannelAffine?
        if activation == .identity, next < layers.count, let norm = layers[next].layer as? BatchNorm,
           norm.features == conv.configuration.filters {
            affine = norm.inferenceAffine
            activation = norm.activation
            next += 1
        }
        var pool: MaxPool2D?
        if next < layers.count, let candidate = layers[next].layer as? MaxPool2D, conv.canFusePooling(candidate) {
            pool = candidate
            next += 1
        }
        return next > index + 1 ? (affine, activation, pool, next) : nil
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
