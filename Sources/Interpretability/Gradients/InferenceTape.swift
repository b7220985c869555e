import NeuralCore

/// An inference-mode forward pass through a network, recorded so that gradients can be
/// propagated back through it with the layers' own backward passes.
///
/// NeuralCore's `backward` follows a training-mode forward pass; the tape asks each layer for
/// the pullback of its inference-mode map instead (NeuralCore's `InferenceDifferentiable`).
/// Most layers compute the same values in both modes and give their training-mode pass and
/// `backward` (convolution, dense, max and average pooling, flatten, activations); BatchNorm
/// differentiates its moving-statistics map (the per-channel factor gamma / sqrt(var + eps),
/// through its fused activation), and Dropout is the identity both ways. Containers
/// (`ComposedLayer`: chains and branches) are recorded through their sublayers. Parameter
/// gradients accumulated by the backward passes and the `computesInputGradient` switches are
/// restored afterwards (see ``InferenceTape/preservingState(of:_:)``), so explaining a model
/// leaves it exactly as it was.
final class InferenceTape {
    typealias Pullback = (Tensor) throws -> Tensor

    /// One top-level layer: its name, output and pullback.
    struct Step {
        let name: String
        let layer: any Layer
        let output: Tensor
        let pullback: Pullback
    }

    let input: Tensor
    private(set) var steps: [Step] = []

    /// Records `network` on `input`, after NeuralCore's `FiniteInputCheck` (the check
    /// `FlareModel.forward` makes), so saliency and Grad-CAM refuse a NaN or infinite input.
    init(network: Sequential, input: Tensor) throws {
        try FiniteInputCheck.require(input)
        self.input = input
        var x = input
        for (name, layer) in network.layers {
            let (output, pullback) = try Self.record(layer, name: name, input: x)
            steps.append(Step(name: name, layer: layer, output: output, pullback: pullback))
            x = output
        }
    }

    /// The network's output.
    var output: Tensor { steps.last?.output ?? input }

    /// Propagates `seed` (the gradient with respect to the output of step `from`) back to the
    /// output of step `to` (exclusive of its pullback; `-1` for the network input).
    func propagate(_ seed: Tensor, from: Int, to: Int) throws -> Tensor {
        var gradient = seed
        var index = from
        while index > to {
            gradient = try steps[index].pullback(gradient)
            index -= 1
        }
        return gradient
    }

    /// The index of the step that yields the chosen target, and the seed gradient (ones).
    func targetStep(_ target: GradientTarget) throws -> (index: Int, seed: Tensor) {
        guard let last = steps.last else {
            throw InterpretabilityError.invalidOutput(shape: input.shape, reason: "the network has no layers")
        }
        var index = steps.count - 1
        if target == .logit {
            guard last.layer is any LogitToProbability, steps.count >= 2 else {
                throw InterpretabilityError.unsupportedLayer(
                    name: last.name, kind: last.layer.kind, reason: "the logit target needs a network ending with a sigmoid (a LogitToProbability layer)")
            }
            index -= 1
        }
        let output = steps[index].output
        _ = try OutputProbabilities.extract(output, batch: input.shape[0])
        return (index, try Tensor(shape: output.shape, repeating: 1))
    }

    // MARK: Recording

    /// Runs `layer` on `input` and returns its output with the pullback of its inference-mode
    /// map: composed from the sublayers' for a `ComposedLayer`, the layer's own for an
    /// `InferenceDifferentiable` one.
    /// - Throws: ``InterpretabilityError/unsupportedLayer(name:kind:reason:)`` for a layer that
    ///   is neither.
    static func record(_ layer: any Layer, name: String, input: Tensor) throws -> (Tensor, Pullback) {
        if let composed = layer as? any ComposedLayer {
            switch composed.composition {
            case .chain: return try recordChain(composed, name: name, input: input)
            case .branches: return try recordBranches(composed, name: name, input: input)
            }
        }
        guard let differentiable = layer as? any InferenceDifferentiable else {
            throw InterpretabilityError.unsupportedLayer(
                name: name, kind: layer.kind, reason: "no inference-mode gradient for this layer")
        }
        let (output, pullback) = try differentiable.inferenceWithPullback(input)
        return (output, pullback)
    }

    /// Sublayers one after the other; the pullback runs theirs in reverse.
    private static func recordChain(_ chain: any ComposedLayer, name: String, input: Tensor) throws -> (Tensor, Pullback) {
        var pullbacks: [Pullback] = []
        var x = input
        for (childName, child) in chain.sublayers {
            let (output, pullback) = try record(child, name: "\(name).\(childName)", input: x)
            pullbacks.append(pullback)
            x = output
        }
        return (x, { gradient in try pullbacks.reversed().reduce(gradient) { try $1($0) } })
    }

    /// Branches on one input, concatenated along the channels; the input gradient is the sum
    /// of the branches'.
    private static func recordBranches(
        _ concatenation: any ComposedLayer, name: String, input: Tensor
    ) throws -> (Tensor, Pullback) {
        var outputs: [Tensor] = [], pullbacks: [Pullback] = []
        for (childName, child) in concatenation.sublayers {
            let (output, pullback) = try record(child, name: "\(name).\(childName)", input: input)
            outputs.append(output)
            pullbacks.append(pullback)
        }
        guard !outputs.isEmpty else {
            throw InterpretabilityError.unsupportedLayer(name: name, kind: concatenation.kind, reason: "branches without a branch")
        }
        // Concatenated here: the container's own forward pass would clear the branches' caches.
        let batch = input.shape[0], channels = outputs.reduce(0) { $0 + $1.shape[1] }
        var mergedShape = outputs[0].shape
        mergedShape[1] = channels
        let inner = mergedShape.dropFirst(2).reduce(1, *)
        var merged = try Tensor(shape: mergedShape)
        merged.withUnsafeMutableBufferPointer { y in
            var offset = 0
            for output in outputs {
                let count = output.shape[1]
                output.withUnsafeBufferPointer { x in
                    for n in 0..<batch {
                        (y.baseAddress! + (n * channels + offset) * inner).update(
                            from: x.baseAddress! + n * count * inner, count: count * inner)
                    }
                }
                offset += count
            }
        }
        let result = merged
        return (result, { outputGradient in
            try outputGradient.expectShape(result.shape, in: "\(name) gradient")
            var total: Tensor?
            var offset = 0
            for (output, pullback) in zip(outputs, pullbacks) {
                let count = output.shape[1]
                var slice = try Tensor(shape: output.shape)
                outputGradient.withUnsafeBufferPointer { dy in
                    slice.withUnsafeMutableBufferPointer { s in
                        for n in 0..<batch {
                            (s.baseAddress! + n * count * inner).update(
                                from: dy.baseAddress! + (n * channels + offset) * inner, count: count * inner)
                        }
                    }
                }
                offset += count
                let gradient = try pullback(slice)
                if var sum = total {
                    try sum.add(gradient)
                    total = sum
                } else {
                    total = gradient
                }
            }
            return total ?? Tensor(zerosLike: input)
        })
    }

    // MARK: Leaving the model as it was

    /// Runs `body`, then restores every parameter gradient of `network` and every
    /// `computesInputGradient` switch (NeuralCore's `InputGradientSkipping`, switched on for
    /// the duration).
    static func preservingState<Result>(of network: any Layer, _ body: () throws -> Result) rethrows -> Result {
        let parameters = network.namedParameters().map(\.parameter)
        let gradients = parameters.map(\.gradient)
        let skipping = network.namedLayers().compactMap { $0.layer as? any InputGradientSkipping }
        let switches = skipping.map(\.computesInputGradient)
        for layer in skipping { layer.computesInputGradient = true }
        defer {
            for (parameter, gradient) in zip(parameters, gradients) { parameter.gradient = gradient }
            for (layer, flag) in zip(skipping, switches) { layer.computesInputGradient = flag }
        }
        return try body()
    }
}
