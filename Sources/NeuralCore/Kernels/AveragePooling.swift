/// Global average pooling of `[planes, plane]` buffers (one mean per image channel) and its
/// backward pass, with plain-Swift references.
enum AveragePooling {
    /// `output[p]` the mean of the `plane` values of plane `p` of `input`, a `Float` sum in order.
    static func forward(_ input: UnsafeBufferPointer<Float>, plane: Int, output: UnsafeMutableBufferPointer<Float>) {
        for index in 0..<output.count {
            let base = input.baseAddress! + index * plane
            var sum: Float = 0
            for p in 0..<plane { sum += base[p] }
            output[index] = sum / Float(plane)
        }
    }

    /// Every value of plane `p` of `inputGradient` set to `outputGradient[p] / plane`, one plane per
    /// output gradient.
    static func backward(
        _ outputGradient: UnsafeBufferPointer<Float>, plane: Int, inputGradient: UnsafeMutableBufferPointer<Float>
    ) {
        for index in 0..<outputGradient.count {
            (inputGradient.baseAddress! + index * plane).update(repeating: outputGradient[index] / Float(plane), count: plane)
        }
    }

    /// The plain-Swift reference of ``forward(_:plane:output:)``: `Double` means.
    static func referenceForward(_ input: [Float], planes: Int, plane: Int) -> [Float] {
        (0..<planes).map { index in
            Float(input[(index * plane)..<((index + 1) * plane)].reduce(0.0) { $0 + Double($1) } / Double(plane))
        }
    }

    /// The plain-Swift reference of ``backward(_:plane:inputGradient:)``.
    static func referenceBackward(_ outputGradient: [Float], plane: Int) -> [Float] {
        outputGradient.flatMap { [Float](repeating: $0 / Float(plane), count: plane) }
    }
}
