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

    var cachedInput: Tensor?
    var cachedOutput: Tensor?
    /// Per-worker im2col columns and chunk products.
    let scratch = WorkerScratch()
    /// Per-worker kernel and bias gradient accumulators.
    let gradientScratch = WorkerScratch()
    /// Upper bound on the im2col buffers of all workers together, in floats (64 MiB).
    var maximumColumnFloats = 16 * 1024 * 1024
    /// The size of one band of im2col columns in the direct path, in floats (512 KiB: a
    /// core's L2 cache here).
    var bandFloats = 128 * 1024
    /// The smallest number of output columns per band product.
    var minimumBandColumns = 256

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

    /// Images lowered together by one worker: as many as fit its share of the column budget.
    private func imagesPerChunk(images: Int, workers: Int, geometry g: WindowGeometry) -> Int {
        max(1, min(images, maximumColumnFloats / workers / max(1, g.patchSize * g.outputPlane)))
    }

    /// Planes at least this large are multiplied image by image straight into the output;
    /// smaller ones in one product over the chunk, then scattered.
    static let directPlane = 256



    /// The sizes one worker's pass needs.
    /// Output rows per band in the direct path: the band's columns fill about a core's L2,
    /// with at least 256 output columns per product whatever the patch size.
    static func bandRows(_ plan: Plan) -> Int {
        let g = plan.geometry
        let minimumRows = (plan.minimumBandColumns + g.outputWidth - 1) / g.outputWidth
        return min(g.outputHeight, max(minimumRows, plan.bandFloats / max(1, plan.patch * g.outputWidth)))
    }

    struct Plan {
        var geometry: WindowGeometry
        var filters: Int
        var chunk: Int
        var direct: Bool
        var bandFloats: Int
        var minimumBandColumns: Int
        var plane: Int { geometry.outputPlane }
        var patch: Int { geometry.patchSize }
        var columnFloats: Int { patch * chunk * plane }
        var scratchFloats: Int { columnFloats + (direct ? 0 : filters * chunk * plane) }
    }

    func plan(for inputShape: [Int]) throws -> (plan: Plan, workers: Int) {
        let g = try geometry(for: inputShape)
        let batch = inputShape[0]
        let workers = Parallel.workers(for: batch)
        let chunk = imagesPerChunk(images: (batch + workers - 1) / workers, workers: workers, geometry: g)
        let plan = Plan(
            geometry: g, filters: configuration.filters, chunk: chunk, direct: g.outputPlane >= Self.directPlane,
            bandFloats: bandFloats, minimumBandColumns: minimumBandColumns)
        return (plan, workers)
    }

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let (plan, workers) = try plan(for: input.shape)
        let activation = configuration.activation
        let output = try convolve(
            input, plan: plan, workers: workers, kernel: kernel.value.scalars,
            bias: bias?.value.scalars ?? [Float](repeating: 0, count: plan.filters), activation: activation)
        cachedInput = mode == .training ? input : nil
        cachedOutput = mode == .training && activation != .identity ? output : nil
        return output
    }

    /// The convolution with the given kernel, bias and activation, images split over workers.
    func convolve(
        _ input: Tensor, plan: Plan, workers: Int, kernel kernelValues: [Float], bias biasValues: [Float],
        activation: PointwiseActivation
    ) throws -> Tensor {
        let g = plan.geometry
        let batch = input.shape[0]
        scratch.reserve(workers: workers, floats: plan.scratchFloats)
        return Tensor(uninitialized: [batch, plan.filters, g.outputHeight, g.outputWidth]) { y in
            input.withUnsafeBufferPointer { x in
                kernelValues.withUnsafeBufferPointer { w in
                    let xs = SendableConstPointer(x.baseAddress!), ws = SendableConstPointer(w.baseAddress!)
                    let ys = SendablePointer(y.baseAddress!)
                    do {
                        Parallel.forEachWorker(batch) { worker, images in
                            Self.forwardImages(
                                images, plan: plan, input: xs.base, kernel: ws.base, bias: biasValues,
                                activation: activation, output: ys.base, scratch: scratch.buffer(worker))
                        }
                    }
                }
            }
        }
    }

    /// One worker's share of the forward pass: im2col, product, bias and activation.
    private static func forwardImages(
        _ images: Range<Int>, plan: Plan, input: UnsafePointer<Float>, kernel: UnsafePointer<Float>, bias: [Float],
        activation: PointwiseActivation, output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        let g = plan.geometry, filters = plan.filters, plane = plan.plane, patch = plan.patch
        let columns = scratch, product = scratch + plan.columnFloats
        if plan.direct {
            // Image by image, a band of output rows at a time, so that the band's columns stay
            // in the core's cache between im2col and the product. The output starts as the
            // bias and the product adds to it (beta 1): no zeroing or bias pass.
            // Deep inputs are lowered a group of channels at a time (see channelsPerGroup).
            let bandRows = Self.bandRows(plan)
            let taps = g.windowHeight * g.windowWidth
            let groupChannels = Self.channelsPerGroup(plan, columns: bandRows * g.outputWidth)
            for image in images {
                let source = input + image * g.channels * g.inputPlane
                let target = output + image * filters * plane
                for o in 0..<filters { (target + o * plane).update(repeating: bias[o], count: plane) }
                var row = 0
                while row < g.outputHeight {
                    let rows = row..<min(row + bandRows, g.outputHeight)
                    let width = rows.count * g.outputWidth
                    forEachChannelGroup(g, channelsPerGroup: groupChannels) { group, firstChannel in
                        Im2col.imageToColumns(
                            image: source + firstChannel * g.inputPlane, geometry: group, columns: columns,
                            rowStride: width, columnOffset: 0, outputRows: rows)
                        BLAS.sgemm(
                            m: filters, n: width, k: group.patchSize, a: kernel + firstChannel * taps, lda: patch,
                            b: columns, ldb: width, beta: 1, c: target + row * g.outputWidth, ldc: plane)
                    }
                    row = rows.upperBound
                }
                activation.apply(target, count: filters * plane)
            }
            return
        }
        // A few images side by side (about `productColumns` output positions), lowered and
        // multiplied a group of input channels at a time so that the group's columns stay in
        // the core's cache for the product; the groups accumulate into the product (beta 1).
        let taps = g.windowHeight * g.windowWidth
        let imagesPerProduct = max(1, min(plan.chunk, Self.productColumns / plane))
        let groupChannels = Self.channelsPerGroup(plan, columns: Self.productColumns)
        var start = images.lowerBound
        while start < images.upperBound {
            let count = min(imagesPerProduct, images.upperBound - start)
            let rowStride = count * plane
            forEachChannelGroup(g, channelsPerGroup: groupChannels) { group, firstChannel in
                for index in 0..<count {
                    Im2col.imageToColumns(
                        image: input + (start + index) * g.channels * g.inputPlane + firstChannel * g.inputPlane,
                        geometry: group, columns: columns, rowStride: rowStride, columnOffset: index * plane)
                }
                BLAS.sgemm(
                    m: filters, n: rowStride, k: group.patchSize, a: kernel + firstChannel * taps, lda: patch,
                    b: columns, ldb: rowStride, beta: firstChannel == 0 ? 0 : 1, c: product, ldc: rowStride)
            }
            let destination = output + start * filters * plane
            for row in 0..<(count * filters) {
                let image = row / filters, o = row % filters
                let target = destination + row * plane
                let source = product + o * rowStride + image * plane
                let b = bias[o]
                for p in 0..<plane { target[p] = source[p] + b }
                activation.apply(target, count: plane)
            }
            start += count
        }
    }

    /// Output positions per product in the small-plane path.
    static let productColumns = 1024

    /// Input channels lowered per product: their columns for `columns` output positions fill
    /// about a core's L2 (`bandFloats`), so they are still in cache when the product reads them.
    /// Fixed per layer and band size, so a sample's result does not depend on the batch it
    /// comes in.
    static func channelsPerGroup(_ plan: Plan, columns: Int) -> Int {
        let g = plan.geometry
        return max(1, min(g.channels, plan.bandFloats / max(1, g.windowHeight * g.windowWidth * columns)))
    }

    /// Calls `body` with the geometry of each group of `channelsPerGroup` input channels (the
    /// last may be smaller) and the group's first channel.
    @inline(__always)
    static func forEachChannelGroup(
        _ g: WindowGeometry, channelsPerGroup: Int, _ body: (_ group: WindowGeometry, _ firstChannel: Int) -> Void
    ) {
        var firstChannel = 0
        while firstChannel < g.channels {
            var group = g
            group.channels = min(channelsPerGroup, g.channels - firstChannel)
            body(group, firstChannel)
            firstChannel += group.channels
        }
    }
}

extension Conv2D: FeatureBiased {
    public var trailingBias: Parameter? { configuration.activation == .identity ? bias : nil }
}
