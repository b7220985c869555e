/// Max pooling over NCHW input (Keras's `MaxPooling2D`), `valid` or `same` padding.
///
/// With `same` padding the padded positions never win (they act as minus infinity). The
/// gradient goes to the first maximum of each window in row-major order.
public final class MaxPool2D: Layer {
    /// Window height and width.
    public let poolHeight: Int, poolWidth: Int
    /// Vertical and horizontal stride (Keras's default is the window).
    public let strideHeight: Int, strideWidth: Int
    /// `valid` (default) or `same`.
    public let padding: Padding

    private var cachedInputShape: [Int]?
    private var argmax: [Int32] = []

    public var kind: String { "max_pooling2d" }

    /// A square window; the stride defaults to the window (Keras's default).
    public convenience init(poolSize: Int, stride: Int? = nil, padding: Padding = .valid) throws {
        try self.init(
            poolHeight: poolSize, poolWidth: poolSize,
            strideHeight: stride ?? poolSize, strideWidth: stride ?? poolSize, padding: padding)
    }

    /// Separate heights and widths.
    public init(poolHeight: Int, poolWidth: Int, strideHeight: Int, strideWidth: Int, padding: Padding = .valid) throws {
        for (name, value) in [("poolHeight", poolHeight), ("poolWidth", poolWidth),
                              ("strideHeight", strideHeight), ("strideWidth", strideWidth)] where value < 1 {
            throw NeuralCoreError.invalidArgument(name: "MaxPool2D \(name)", value: "\(value)", reason: "must be at least 1")
        }
        self.poolHeight = poolHeight
        self.poolWidth = poolWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.padding = padding
    }

    func geometry(for inputShape: [Int]) throws -> WindowGeometry {
        guard inputShape.count == 4 else {
            throw NeuralCoreError.rankMismatch(operation: "MaxPool2D input (NCHW)", expected: 4, actual: inputShape)
        }
        let g = WindowGeometry(
            channels: inputShape[1], inputHeight: inputShape[2], inputWidth: inputShape[3],
            windowHeight: poolHeight, windowWidth: poolWidth,
            strideHeight: strideHeight, strideWidth: strideWidth, padding: padding)
        guard g.outputHeight > 0, g.outputWidth > 0 else {
            throw NeuralCoreError.invalidShape(
                inputShape, reason: "MaxPool2D \(poolHeight)x\(poolWidth) valid pooling needs a larger input")
        }
        return g
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(for: inputShape)
        return [inputShape[0], inputShape[1], g.outputHeight, g.outputWidth]
    }

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let g = try geometry(for: input.shape)
        let training = mode == .training
        var indices: [Int32]? = training ? argmax : nil
        if training { argmax = [] }   // the pool then writes into the indices' storage in place
        let output = MaxPooling.pool(input, geometry: g, argmax: &indices)
        if let indices { argmax = indices }
        cachedInputShape = training ? input.shape : nil
        return output
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let shape = cachedInputShape else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        let g = try geometry(for: shape)
        try outputGradient.expectShape(
            [shape[0], shape[1], g.outputHeight, g.outputWidth], in: "MaxPool2D backward")
        return MaxPooling.backpropagate(outputGradient, argmax: argmax, inputShape: shape, geometry: g)
    }
}
