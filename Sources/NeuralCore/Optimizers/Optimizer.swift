/// The saved state of an optimizer: its step count and its per-parameter slots (velocities,
/// moments), keyed `slot/parameter.name`. Part of a training checkpoint.
public struct OptimizerState: Sendable, Equatable {
    /// Completed update steps.
    public var iterations: Int
    /// Per-parameter tensors, keyed `slot/dotted.parameter.name` (for example `m/conv1.kernel`).
    public var slots: [String: Tensor]

    /// Creates a state.
    public init(iterations: Int = 0, slots: [String: Tensor] = [:]) {
        self.iterations = iterations
        self.slots = slots
    }
}

/// Updates trainable parameters from their accumulated gradients.
///
/// ```swift
/// let optimizer = Adam(learningRate: 1e-3)
/// model.zeroGradients()
/// _ = try model.backward(lossGradient)
/// try optimizer.step(model)
/// ```
public protocol Optimizer: AnyObject {
    /// The step size; a schedule may change it between steps.
    var learningRate: Float { get set }
    /// The optimizer's state, for checkpoints.
    var state: OptimizerState { get set }
    /// Applies one update to every trainable parameter (non-trainable ones are skipped).
    func step(_ parameters: [(name: String, parameter: Parameter)]) throws
}

extension Optimizer {
    /// Applies one update to every trainable parameter of `model`.
    public func step(_ model: any Layer) throws {
        try step(model.namedParameters())
    }
}

/// Returns the slot tensor for `key`, creating a zero tensor shaped like `parameter` if absent.
func slot(_ slots: inout [String: Tensor], _ key: String, like parameter: Parameter) throws -> Tensor {
    if let existing = slots[key] {
        try existing.expectShape(parameter.value.shape, in: "optimizer slot \(key)")
        return existing
    }
    return Tensor(zerosLike: parameter.value)
}
