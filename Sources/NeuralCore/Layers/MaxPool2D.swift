import CSupport

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
        let planes = input.shape[0] * input.shape[1]
        let training = mode == .training
        let outputCount = planes * g.outputPlane
        if training, argmax.count != outputCount { argmax = [Int32](repeating: 0, count: outputCount) }
        let output = Tensor(uninitialized: [input.shape[0], input.shape[1], g.outputHeight, g.outputWidth]) { y in
            input.withUnsafeBufferPointer { x in
                argmax.withUnsafeMutableBufferPointer { indices in
                    let xs = SendableConstPointer(x.baseAddress!)
                    let ys = SendablePointer(y.baseAddress!)
                    let ids = training ? SendablePointer(indices.baseAddress!) : nil
                    Parallel.forEachChunk(planes, costPerItem: g.outputPlane * g.windowHeight * g.windowWidth) { range in
                        for plane in range {
                            Self.poolPlane(
                                input: xs.base + plane * g.inputPlane, geometry: g,
                                output: ys.base + plane * g.outputPlane,
                                argmax: ids.map { $0.base + plane * g.outputPlane })
                        }
                    }
                }
            }
        }
        cachedInputShape = training ? input.shape : nil
        return output
    }

    private static func poolPlane(
        input: UnsafePointer<Float>, geometry g: WindowGeometry,
        output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?
    ) {
        if g.padTop == 0, g.padLeft == 0, (g.outputHeight - 1) * g.strideHeight + g.windowHeight <= g.inputHeight,
           (g.outputWidth - 1) * g.strideWidth + g.windowWidth <= g.inputWidth {
            poolInteriorPlane(input: input, geometry: g, output: output, argmax: argmax)
        } else {
            referencePoolPlane(input: input, geometry: g, output: output, argmax: argmax)
        }
    }

    /// The plain-Swift pooling of one plane, any padding: the path for padded planes and the
    /// reference the C kernels are tested against. Padded taps never win; ties keep the first
    /// maximum in row-major window order.
    static func referencePoolPlane(
        input: UnsafePointer<Float>, geometry g: WindowGeometry,
        output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?
    ) {
        for oy in 0..<g.outputHeight {
            let y0 = max(0, oy * g.strideHeight - g.padTop)
            let y1 = min(g.inputHeight, oy * g.strideHeight - g.padTop + g.windowHeight)
            for ox in 0..<g.outputWidth {
                let x0 = max(0, ox * g.strideWidth - g.padLeft)
                let x1 = min(g.inputWidth, ox * g.strideWidth - g.padLeft + g.windowWidth)
                var best = -Float.infinity
                var bestIndex = y0 * g.inputWidth + x0
                for iy in y0..<y1 {
                    let row = iy * g.inputWidth
                    for ix in x0..<x1 where input[row + ix] > best {
                        best = input[row + ix]
                        bestIndex = row + ix
                    }
                }
                // A window of NaN (or empty) yields the first element, so NaN propagates.
                if best == -Float.infinity, input[bestIndex].isNaN { best = input[bestIndex] }
                output[oy * g.outputWidth + ox] = best
                argmax?[oy * g.outputWidth + ox] = Int32(bestIndex)
            }
        }
    }

    /// Every window inside the image (valid padding): no bounds checks. Ties keep the first
    /// maximum in row-major order, as the general path does.
    private static func poolInteriorPlane(
        input: UnsafePointer<Float>, geometry g: WindowGeometry,
        output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?
    ) {
        var window = g.cWindow
        if let argmax {
            flarekit_max_pool_plane_argmax(input, &window, output, argmax)
        } else {
            flarekit_max_pool_plane(input, &window, output)
        }
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let shape = cachedInputShape else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        let g = try geometry(for: shape)
        try outputGradient.expectShape(
            [shape[0], shape[1], g.outputHeight, g.outputWidth], in: "MaxPool2D backward")
        var inputGradient = Tensor(zeros: shape)
        let planes = shape[0] * shape[1]
        outputGradient.withUnsafeBufferPointer { dy in
            inputGradient.withUnsafeMutableBufferPointer { dx in
                argmax.withUnsafeBufferPointer { indices in
                    let dys = SendableConstPointer(dy.baseAddress!), dxs = SendablePointer(dx.baseAddress!)
                    let ids = SendableConstPointer(indices.baseAddress!)
                    Parallel.forEachChunk(planes, costPerItem: g.outputPlane) { range in
                        for plane in range {
                            let out = plane * g.outputPlane
                            flarekit_scatter_add_indexed(
                                dys.base + out, ids.base + out, g.outputPlane, dxs.base + plane * g.inputPlane)
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
