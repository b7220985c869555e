/// A 2-D convolution over NCHW input (Keras's `Conv2D`), lowered onto OpenBLAS `sgemm`
/// through im2col, batched over images.
///
/// The kernel is stored `[filters, inChannels, kernelHeight, kernelWidth]` (OIHW); Keras keeps
/// HWIO, and the converter script permutes. Padding follows Keras exactly (``Padding``).
///
/// ```swift
/// var generator = SeededGenerator(seed: 1)
/// let conv = try Conv2D(.init(inChannels: 1, filters: 32, kernelSize: 3, padding: .same),
///                       generator: &generator)
/// let y = try conv.forward(x, mode: .inference)   // [N, 32, H, W]
/// ```
public final class Conv2D: Layer {
    /// The sizes of a convolution. Defaults are Keras's.
    public struct Configuration: Sendable, Equatable {
        /// Input channels C.
        public var inChannels: Int
        /// Output channels (filters) O.
        public var filters: Int
        /// Kernel height and width.
        public var kernelHeight: Int
        public var kernelWidth: Int
        /// Vertical and horizontal stride.
        public var strideHeight: Int
        public var strideWidth: Int
        /// `valid` (default) or `same`.
        public var padding: Padding
        /// Whether the layer adds a bias (Keras default: true).
        public var useBias: Bool
        /// L2 coefficient on the kernel (0: none).
        public var kernelL2: Float
        /// An activation applied to the output in the same pass (default: none).
        public var activation: PointwiseActivation = .identity

        /// A square kernel and stride.
        public init(
            inChannels: Int, filters: Int, kernelSize: Int, stride: Int = 1,
            padding: Padding = .valid, useBias: Bool = true, kernelL2: Float = 0,
            activation: PointwiseActivation = .identity
        ) {
            self.init(
                inChannels: inChannels, filters: filters, kernelHeight: kernelSize, kernelWidth: kernelSize,
                strideHeight: stride, strideWidth: stride, padding: padding, useBias: useBias, kernelL2: kernelL2,
                activation: activation)
        }

        /// Separate heights and widths.
        public init(
            inChannels: Int, filters: Int, kernelHeight: Int, kernelWidth: Int,
            strideHeight: Int, strideWidth: Int, padding: Padding = .valid,
            useBias: Bool = true, kernelL2: Float = 0, activation: PointwiseActivation = .identity
        ) {
            self.inChannels = inChannels
            self.filters = filters
            self.kernelHeight = kernelHeight
            self.kernelWidth = kernelWidth
            self.strideHeight = strideHeight
            self.strideWidth = strideWidth
            self.padding = padding
            self.useBias = useBias
            self.kernelL2 = kernelL2
            self.activation = activation
        }

        func validate() throws {
            try activation.validate()
            for (name, value) in [
                ("inChannels", inChannels), ("filters", filters), ("kernelHeight", kernelHeight),
                ("kernelWidth", kernelWidth), ("strideHeight", strideHeight), ("strideWidth", strideWidth),
            ] where value < 1 {
                throw NeuralCoreError.invalidArgument(name: "Conv2D \(name)", value: "\(value)", reason: "must be at least 1")
            }
            if kernelL2 < 0 || !kernelL2.isFinite {
                throw NeuralCoreError.invalidArgument(name: "Conv2D kernelL2", value: "\(kernelL2)", reason: "must be finite and >= 0")
            }
        }
    }

    /// The layer's sizes.
    public let configuration: Configuration
    /// `[filters, inChannels, kernelHeight, kernelWidth]`, Glorot-uniform initialised.
    public let kernel: Parameter
    /// `[filters]`, zero initialised; `nil` without bias.
    public let bias: Parameter?

    /// Whether `backward` computes the input gradient. A network's first convolution, whose
    /// input is data, can turn this off to save time; `backward` then returns zeros.
    public var computesInputGradient = true

    private var cachedInput: Tensor?
    private var cachedOutput: Tensor?
    private var columns: [Float] = []
    private var product: [Float] = []
    /// Upper bound on the im2col buffer, in floats (64 MiB).
    var maximumColumnFloats = 16 * 1024 * 1024

    public var kind: String { "conv2d" }

    /// Creates the layer with Keras's default initialisation drawn from `generator`.
    public init(_ configuration: Configuration, generator: inout SeededGenerator) throws {
        try configuration.validate()
        self.configuration = configuration
        let c = configuration
        let receptive = c.kernelHeight * c.kernelWidth
        kernel = Parameter(
            try Initializers.glorotUniform(
                shape: [c.filters, c.inChannels, c.kernelHeight, c.kernelWidth],
                fanIn: c.inChannels * receptive, fanOut: c.filters * receptive, generator: &generator),
            l2: c.kernelL2)
        bias = c.useBias ? Parameter(Tensor(zeros: [c.filters])) : nil
    }

    public var parameters: [(name: String, parameter: Parameter)] {
        var result: [(name: String, parameter: Parameter)] = [("kernel", kernel)]
        if let bias { result.append(("bias", bias)) }
        return result
    }

    func geometry(for inputShape: [Int]) throws -> WindowGeometry {
        guard inputShape.count == 4 else {
            throw NeuralCoreError.rankMismatch(operation: "Conv2D input (NCHW)", expected: 4, actual: inputShape)
        }
        let c = configuration
        guard inputShape[1] == c.inChannels else {
            throw NeuralCoreError.shapeMismatch(
                operation: "Conv2D input channels",
                expected: [inputShape[0], c.inChannels, inputShape[2], inputShape[3]], actual: inputShape)
        }
        let g = WindowGeometry(
            channels: c.inChannels, inputHeight: inputShape[2], inputWidth: inputShape[3],
            windowHeight: c.kernelHeight, windowWidth: c.kernelWidth,
            strideHeight: c.strideHeight, strideWidth: c.strideWidth, padding: c.padding)
        guard g.outputHeight > 0, g.outputWidth > 0 else {
            throw NeuralCoreError.invalidShape(
                inputShape, reason: "Conv2D \(c.kernelHeight)x\(c.kernelWidth) valid convolution needs a larger input")
        }
        return g
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(for: inputShape)
        return [inputShape[0], configuration.filters, g.outputHeight, g.outputWidth]
    }

    private func imagesPerChunk(batch: Int, geometry g: WindowGeometry) -> Int {
        max(1, min(batch, maximumColumnFloats / max(1, g.patchSize * g.outputPlane)))
    }

    /// Planes at least this large are multiplied image by image straight into the output;
    /// smaller ones in one product over the chunk, then scattered.
    private static let directPlane = 1024

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let g = try geometry(for: input.shape)
        let batch = input.shape[0]
        let filters = configuration.filters
        let plane = g.outputPlane
        let patch = g.patchSize
        let chunk = imagesPerChunk(batch: batch, geometry: g)
        let direct = plane >= Self.directPlane
        if columns.count < patch * chunk * plane { columns = [Float](repeating: 0, count: patch * chunk * plane) }
        if !direct, product.count < filters * chunk * plane {
            product = [Float](repeating: 0, count: filters * chunk * plane)
        }
        let biasValues = bias?.value.scalars ?? [Float](repeating: 0, count: filters)
        let activation = configuration.activation
        let output = try Tensor(uninitialized: [batch, filters, g.outputHeight, g.outputWidth]) { y in
            try input.withUnsafeBufferPointer { x in
                try kernel.value.withUnsafeBufferPointer { w in
                    try columns.withUnsafeMutableBufferPointer { cols in
                        try product.withUnsafeMutableBufferPointer { prod in
                            var start = 0
                            while start < batch {
                                let count = min(chunk, batch - start)
                                let rowStride = count * plane
                                try Self.lower(x.baseAddress!, images: start..<(start + count), geometry: g,
                                               into: cols.baseAddress!, rowStride: rowStride)
                                let ys = SendablePointer(y.baseAddress! + start * filters * plane)
                                if direct {
                                    for image in 0..<count {
                                        BLAS.sgemm(
                                            m: filters, n: plane, k: patch, a: w.baseAddress!, lda: patch,
                                            b: cols.baseAddress! + image * plane, ldb: rowStride,
                                            c: ys.base + image * filters * plane, ldc: plane)
                                    }
                                } else {
                                    BLAS.sgemm(
                                        m: filters, n: rowStride, k: patch, a: w.baseAddress!, lda: patch,
                                        b: cols.baseAddress!, ldb: rowStride, c: prod.baseAddress!, ldc: rowStride)
                                }
                                let products = SendableConstPointer(UnsafePointer(direct ? ys.base : prod.baseAddress!))
                                // Bias and activation (and the scatter out of the chunk product).
                                Parallel.forEachChunk(count * filters, costPerItem: plane) { rows in
                                    for row in rows {
                                        let image = row / filters, o = row % filters
                                        let destination = ys.base + row * plane
                                        let source = direct
                                            ? products.base + row * plane
                                            : products.base + o * rowStride + image * plane
                                        let b = biasValues[o]
                                        for p in 0..<plane { destination[p] = source[p] + b }
                                        activation.apply(destination, count: plane)
                                    }
                                }
                                start += count
                            }
                        }
                    }
                }
            }
        }
        cachedInput = mode == .training ? input : nil
        cachedOutput = mode == .training && activation != .identity ? output : nil
        return output
    }

    /// im2col of `images` of the NCHW batch `x` into a column matrix (images in parallel).
    private static func lower(
        _ x: UnsafePointer<Float>, images: Range<Int>, geometry g: WindowGeometry,
        into columns: UnsafeMutablePointer<Float>, rowStride: Int
    ) throws {
        let xs = SendableConstPointer(x)
        let cs = SendablePointer(columns)
        Parallel.forEachChunk(images.count, costPerItem: g.patchSize * g.outputPlane) { range in
            for image in range {
                Im2col.imageToColumns(
                    image: xs.base + (images.lowerBound + image) * g.channels * g.inputPlane, geometry: g,
                    columns: cs.base, rowStride: rowStride, columnOffset: image * g.outputPlane)
            }
        }
    }

    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let input = cachedInput else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        defer { cachedInput = nil; cachedOutput = nil }
        let g = try geometry(for: input.shape)
        let batch = input.shape[0]
        let filters = configuration.filters
        try outputGradient.expectShape([batch, filters, g.outputHeight, g.outputWidth], in: "Conv2D backward")
        let plane = g.outputPlane
        let patch = g.patchSize
        var gradient = outputGradient
        if let output = cachedOutput {
            let activation = configuration.activation
            output.withUnsafeBufferPointer { y in
                gradient.withUnsafeMutableBufferPointer { dy in
                    let ys = SendableConstPointer(y.baseAddress!), dys = SendablePointer(dy.baseAddress!)
                    Parallel.forEachChunk(batch * filters, costPerItem: plane) { rows in
                        let offset = rows.lowerBound * plane
                        activation.backpropagate(output: ys.base + offset, gradient: dys.base + offset, count: rows.count * plane)
                    }
                }
            }
        }
        var inputGradient = Tensor(zeros: input.shape)
        let chunk = imagesPerChunk(batch: batch, geometry: g)
        let direct = plane >= Self.directPlane
        if columns.count < patch * chunk * plane { columns = [Float](repeating: 0, count: patch * chunk * plane) }
        if !direct, product.count < filters * chunk * plane {
            product = [Float](repeating: 0, count: filters * chunk * plane)
        }
        if let bias {
            bias.gradient.withUnsafeMutableBufferPointer { db in
                gradient.withUnsafeBufferPointer { dy in
                    for n in 0..<batch {
                        for o in 0..<filters {
                            let base = dy.baseAddress! + (n * filters + o) * plane
                            var sum: Float = 0
                            for p in 0..<plane { sum += base[p] }
                            db[o] += sum
                        }
                    }
                }
            }
        }
        let needInput = computesInputGradient
        try input.withUnsafeBufferPointer { x in
            try gradient.withUnsafeBufferPointer { dy in
                try kernel.value.withUnsafeBufferPointer { w in
                    try kernel.gradient.withUnsafeMutableBufferPointer { dw in
                        try inputGradient.withUnsafeMutableBufferPointer { dx in
                            try columns.withUnsafeMutableBufferPointer { cols in
                                try product.withUnsafeMutableBufferPointer { prod in
                                    var start = 0
                                    while start < batch {
                                        let count = min(chunk, batch - start)
                                        let rowStride = count * plane
                                        try Self.lower(x.baseAddress!, images: start..<(start + count), geometry: g,
                                                       into: cols.baseAddress!, rowStride: rowStride)
                                        let chunkGradient = dy.baseAddress! + start * filters * plane
                                        if direct {
                                            for image in 0..<count {
                                                // dW += dY_n cols_n^T
                                                BLAS.sgemm(
                                                    transposeB: true, m: filters, n: patch, k: plane,
                                                    a: chunkGradient + image * filters * plane, lda: plane,
                                                    b: cols.baseAddress! + image * plane, ldb: rowStride,
                                                    beta: 1, c: dw.baseAddress!, ldc: patch)
                                            }
                                        } else {
                                            // dY of the chunk as [filters, count * plane], then dW += dY cols^T.
                                            for image in 0..<count {
                                                for o in 0..<filters {
                                                    (prod.baseAddress! + o * rowStride + image * plane).update(
                                                        from: chunkGradient + (image * filters + o) * plane, count: plane)
                                                }
                                            }
                                            BLAS.sgemm(
                                                transposeB: true, m: filters, n: patch, k: rowStride,
                                                a: prod.baseAddress!, lda: rowStride, b: cols.baseAddress!, ldb: rowStride,
                                                beta: 1, c: dw.baseAddress!, ldc: patch)
                                        }
                                        if needInput {
                                            // dcols = W^T dY, then scatter back into dX.
                                            if direct {
                                                for image in 0..<count {
                                                    BLAS.sgemm(
                                                        transposeA: true, m: patch, n: plane, k: filters,
                                                        a: w.baseAddress!, lda: patch,
                                                        b: chunkGradient + image * filters * plane, ldb: plane,
                                                        c: cols.baseAddress! + image * plane, ldc: rowStride)
                                                }
                                            } else {
                                                BLAS.sgemm(
                                                    transposeA: true, m: patch, n: rowStride, k: filters,
                                                    a: w.baseAddress!, lda: patch, b: prod.baseAddress!, ldb: rowStride,
                                                    c: cols.baseAddress!, ldc: rowStride)
                                            }
                                            let dxs = SendablePointer(dx.baseAddress!)
                                            let colsRead = SendableConstPointer(UnsafePointer(cols.baseAddress!))
                                            Parallel.forEachChunk(count, costPerItem: patch * plane) { images in
                                                for image in images {
                                                    Im2col.columnsToImage(
                                                        columns: colsRead.base, rowStride: rowStride,
                                                        columnOffset: image * plane, geometry: g,
                                                        image: dxs.base + (start + image) * g.channels * g.inputPlane)
                                                }
                                            }
                                        }
                                        start += count
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
