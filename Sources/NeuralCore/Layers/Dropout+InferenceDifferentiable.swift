extension Dropout: InferenceDifferentiable {
    /// The identity, both ways: dropout does nothing at inference.
    public func inferenceWithPullback(_ input: Tensor) throws -> (output: Tensor, pullback: (Tensor) throws -> Tensor) {
        (input, { $0 })
    }
}
