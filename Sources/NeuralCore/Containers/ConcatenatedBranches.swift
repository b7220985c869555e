/// Several branches applied to the same input, their outputs concatenated along axis 1
/// (channels): what an inception module needs.
///
/// Every branch must produce the same shape apart from axis 1. The input gradient is the sum
/// of the branches' input gradients.
public final class ConcatenatedBranches: Layer {
    /// The branches with their names, in concatenation order.
    public let branches: [(name: String, layer: any Layer)]
    private var cachedOutputShapes: [[Int]]?

    public var kind: String { "concatenate" }

    /// Creates the container. Names must be unique and contain no dot.
    public init(_ branches: [(String, any Layer)]) throws {
        guard !branches.isEmpty else {
            throw NeuralCoreError.invalidArgument(name: "branches", value: "[]", reason: "need at least one branch")
        }
        let names = branches.map(\.0)
        guard Set(names).count == names.count, !names.contains(where: { $0.isEmpty || $0.contains(".") }) else {
            throw NeuralCoreError.invalidArgument(
                name: "branch names", value: "\(names)", reason: "must be unique, non-empty and contain no '.'")
        }
        self.branches = branches.map { (name: $0.0, layer: $0.1) }
    }

    public var sublayers: [(name: String, layer: any Layer)] { branches }

    private func concatenatedShape(_ shapes: [[Int]]) throws -> [Int] {
        guard var result = shapes.first, result.count >= 2 else {
            throw NeuralCoreError.rankMismatch(operation: "ConcatenatedBranches output", expected: 2, actual: shapes.first ?? [])
        }
        for shape in shapes.dropFirst() {
            var expected = result
            if shape.count == expected.count { expected[1] = shape[1] }
            guard shape == expected else {
                throw NeuralCoreError.shapeMismatch(operation: "ConcatenatedBranches branch output", expected: expected, actual: shape)
            }
            result[1] += shape[1]
        }
        return result
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try concatenatedShape(branches.map { try $0.layer.outputShape(for: inputShape) })
    }

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let outputs = try branches.map { try $0.layer.forward(input, mode: mode) }
        let shapes = outputs.map(\.shape)
        let shape = try concatenatedShape(shapes)
        let batch = shape[0]
        let inner = shape.dropFirst(2).reduce(1, *)
        var result = Tensor(zeros: shape)
        result.withUnsafeMutableBufferPointer { y in
            var channelOffset = 0
            for output in outputs {
                let channels = output.shape[1]
                output.withUnsafeBufferPointer { x in
                    for n in 0..<batch {
                        (y.baseAddress! + (n * shape[1] + channelOffset) * inner).update(
                            from: x.baseAddress! + n * channels * inner, count: channels * inner)
                    }
                }
                channelOffset += channels
            }
        }
        cachedOutputShapes = mode == .training ? shapes : nil
        return result
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let shapes = cachedOutputShapes else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        let shape = try concatenatedShape(shapes)
        try outputGradient.expectShape(shape, in: "ConcatenatedBranches backward")
        let batch = shape[0]
        let inner = shape.dropFirst(2).reduce(1, *)
        var inputGradient: Tensor?
        var channelOffset = 0
        for (index, branch) in branches.enumerated() {
            let channels = shapes[index][1]
            var slice = Tensor(zeros: shapes[index])
            outputGradient.withUnsafeBufferPointer { dy in
                slice.withUnsafeMutableBufferPointer { s in
                    for n in 0..<batch {
                        (s.baseAddress! + n * channels * inner).update(
                            from: dy.baseAddress! + (n * shape[1] + channelOffset) * inner, count: channels * inner)
                    }
                }
            }
            channelOffset += channels
            let gradient = try branch.layer.backward(slice)
            if var sum = inputGradient {
                try sum.add(gradient)
                inputGradient = sum
            } else {
                inputGradient = gradient
            }
        }
        return inputGradient!
    }
}
