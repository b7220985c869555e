/// The check every network input passes before a forward pass: a NaN or an infinity in an
/// input must be an error, never a probability. Some layers hide a non-finite value (a max
/// pool or a ReLU compares it away, a recurrent gate saturates), so a network can answer a
/// finite probability for an input it never really read; see Documentation/Reliability.md.
///
/// ```swift
/// try FiniteInputCheck.require(batch)   // throws NeuralCoreError.nonFiniteInput(sample:element:value:)
/// ```
public enum FiniteInputCheck {
    /// The first non-finite value of `input`, with its sample (index along the first axis)
    /// and its position inside that sample (row-major); `nil` when every value is finite.
    public static func firstNonFinite(in input: Tensor) -> (sample: Int, element: Int, value: Float)? {
        let perSample = input.rank > 0 && input.shape[0] > 0 ? input.count / input.shape[0] : max(input.count, 1)
        return input.withUnsafeBufferPointer { values -> (Int, Int, Float)? in
            guard let position = values.firstIndex(where: { !$0.isFinite }) else { return nil }
            return (position / perSample, position % perSample, values[position])
        }
    }

    /// Throws when `input` holds a NaN or an infinity.
    /// - Throws: ``NeuralCoreError/nonFiniteInput(sample:element:value:)`` naming the first
    ///   such value's sample (index in the batch) and position.
    public static func require(_ input: Tensor) throws {
        if let bad = firstNonFinite(in: input) {
            throw NeuralCoreError.nonFiniteInput(sample: bad.sample, element: bad.element, value: bad.value)
        }
    }
}
