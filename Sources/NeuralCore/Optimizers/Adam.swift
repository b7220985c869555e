import Foundation

/// Adam, exactly as Keras 3 updates it:
/// `alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)`, `m += (g - m)(1 - beta1)`,
/// `v += (g^2 - v)(1 - beta2)`, `w -= alpha * m / (sqrt(v) + epsilon)`.
/// Defaults are Keras's: learning rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-7.
public final class Adam: Optimizer {
    public var learningRate: Float
    /// Decay rate of the first moment.
    public let beta1: Float
    /// Decay rate of the second moment.
    public let beta2: Float
    /// Added to the root of the second moment.
    public let epsilon: Float
    public var state = OptimizerState()

    /// Creates the optimizer with Keras's defaults.
    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) throws {
        guard learningRate >= 0, learningRate.isFinite else {
            throw NeuralCoreError.invalidArgument(name: "Adam learning rate", value: "\(learningRate)", reason: "must be finite and >= 0")
        }
        for (name, beta) in [("beta1", beta1), ("beta2", beta2)] where !(beta >= 0 && beta < 1) {
            throw NeuralCoreError.invalidArgument(name: "Adam \(name)", value: "\(beta)", reason: "must lie in [0, 1)")
        }
        guard epsilon > 0 else {
            throw NeuralCoreError.invalidArgument(name: "Adam epsilon", value: "\(epsilon)", reason: "must be positive")
        }
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public func step(_ parameters: [(name: String, parameter: Parameter)]) throws {
        let t = Double(state.iterations + 1)
        let alpha = Float(Double(learningRate) * (1 - pow(Double(beta2), t)).squareRoot() / (1 - pow(Double(beta1), t)))
        let b1 = beta1, b2 = beta2, eps = epsilon
        for (name, parameter) in parameters where parameter.isTrainable {
            try parameter.gradient.expectShape(parameter.value.shape, in: "Adam gradient of \(name)")
            let mKey = "m/\(name)", vKey = "v/\(name)"
            var m = try slot(&state.slots, mKey, like: parameter)
            var v = try slot(&state.slots, vKey, like: parameter)
            state.slots[mKey] = nil
            state.slots[vKey] = nil
            parameter.gradient.withUnsafeBufferPointer { g in
                m.withUnsafeMutableBufferPointer { mp in
                    v.withUnsafeMutableBufferPointer { vp in
                        parameter.value.withUnsafeMutableBufferPointer { w in
                            for i in 0..<w.count {
                                let gi = g[i]
                                mp[i] += (gi - mp[i]) * (1 - b1)
                                vp[i] += (gi * gi - vp[i]) * (1 - b2)
                                w[i] -= mp[i] * alpha / (vp[i].squareRoot() + eps)
                            }
                        }
                    }
                }
            }
            state.slots[mKey] = m
            state.slots[vKey] = v
        }
        state.iterations += 1
    }
}
