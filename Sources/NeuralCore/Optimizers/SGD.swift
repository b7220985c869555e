/// Stochastic gradient descent with optional momentum, as Keras's `SGD`:
/// `v = momentum * v - learningRate * g; w += v` (plain `w -= learningRate * g` without momentum).
public final class SGD: Optimizer {
    public var learningRate: Float
    /// The momentum coefficient in [0, 1).
    public let momentum: Float
    public var state = OptimizerState()

    /// Creates the optimizer (Keras defaults: learning rate 0.01, momentum 0).
    public init(learningRate: Float = 0.01, momentum: Float = 0) throws {
        guard learningRate >= 0, learningRate.isFinite else {
            throw NeuralCoreError.invalidArgument(name: "SGD learning rate", value: "\(learningRate)", reason: "must be finite and >= 0")
        }
        guard momentum >= 0, momentum < 1 else {
            throw NeuralCoreError.invalidArgument(name: "SGD momentum", value: "\(momentum)", reason: "must lie in [0, 1)")
        }
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public func step(_ parameters: [(name: String, parameter: Parameter)]) throws {
        let lr = learningRate
        for (name, parameter) in parameters where parameter.isTrainable {
            try parameter.gradient.expectShape(parameter.value.shape, in: "SGD gradient of \(name)")
            if momentum == 0 {
                try parameter.value.add(parameter.gradient, scaledBy: -lr)
                continue
            }
            let key = "velocity/\(name)"
            var velocity = try slot(&state.slots, key, like: parameter)
            state.slots[key] = nil  // keep the buffer uniquely referenced while updating
            let mu = momentum
            parameter.gradient.withUnsafeBufferPointer { g in
                velocity.withUnsafeMutableBufferPointer { v in
                    parameter.value.withUnsafeMutableBufferPointer { w in
                        for i in 0..<w.count {
                            v[i] = mu * v[i] - lr * g[i]
                            w[i] += v[i]
                        }
                    }
                }
            }
            state.slots[key] = velocity
        }
        state.iterations += 1
    }
}
