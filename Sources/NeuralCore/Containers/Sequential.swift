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

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        var x = input
        for (_, layer) in layers { x = try layer.forward(x, mode: mode) }
        return x
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        var gradient = outputGradient
        for (_, layer) in layers.reversed() { gradient = try layer.backward(gradient) }
        return gradient
    }
}
