extension Sequential {
    /// One pass of an inference forward: a layer on its own, or a layer with the layers after
    /// it that it absorbs (``InferenceFusing``).
    enum InferenceStep {
        case single(any Layer)
        case fused(InferenceFusion)
    }

    /// The passes for `layers`: each ``InferenceFusing`` layer is offered the layers after it.
    static func planInference(_ layers: [any Layer]) -> [InferenceStep] {
        var steps: [InferenceStep] = []
        var index = 0
        while index < layers.count {
            let following = Array(layers[(index + 1)...])
            if let fusing = layers[index] as? any InferenceFusing, let fusion = fusing.inferenceFusion(absorbing: following),
               fusion.absorbedLayers >= 1, fusion.absorbedLayers <= following.count {
                steps.append(.fused(fusion))
                index += 1 + fusion.absorbedLayers
            } else {
                steps.append(.single(layers[index]))
                index += 1
            }
        }
        return steps
    }

    /// The inference forward pass through the planned steps (planned now if need be).
    func inferenceForward(_ input: Tensor) throws -> Tensor {
        let plan = inferencePlan ?? Self.planInference(layers.map(\.layer))
        inferencePlan = plan
        var x = input
        for step in plan {
            switch step {
            case let .single(layer): x = try layer.forward(x, mode: .inference)
            case let .fused(fusion): x = try fusion.forward(x)
            }
        }
        return x
    }
}
