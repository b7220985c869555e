/// A 2-D convolution over NCHW input (Keras's `Conv2D`), batched over images: the forward pass
/// in vectorised C kernels (``ConvolutionForward``), the backward pass through im2col and
/// OpenBLAS `sgemm` (``ConvolutionBackward``).
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
    /// Per-worker im2col columns and chunk products, and kernel gradient accumulators.
    private let scratch = WorkerScratch(), accumulators = WorkerScratch()
    /// Scratch limits of the im2col lowering (tests shrink them to exercise every path).
    var budget = ConvolutionPlan.Budget()

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
        [("kernel", kernel)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try configuration.geometry(for: inputShape)
        return [inputShape[0], configuration.filters, g.outputHeight, g.outputWidth]
    }

    private func plan(for inputShape: [Int]) throws -> ConvolutionPlan {
        ConvolutionPlan(
            geometry: try configuration.geometry(for: inputShape), filters: configuration.filters,
            batch: inputShape[0], budget: budget)
    }

    private var biasValues: [Float] { bias?.value.scalars ?? [Float](repeating: 0, count: configuration.filters) }

    public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
        let activation = configuration.activation
        let output = ConvolutionForward.convolve(
            input, kernel: kernel.value.scalars, bias: biasValues, activation: activation,
            plan: try plan(for: input.shape), scratch: scratch)
        cachedInput = mode == .training ? input : nil
        cachedOutput = mode == .training && activation != .identity ? output : nil
        return output
    }

    /// Kernel, bias and input gradients (``ConvolutionBackward``).
    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        guard let input = cachedInput else { throw NeuralCoreError.backwardWithoutForward(layer: kind) }
        defer { cachedInput = nil; cachedOutput = nil }
        let plan = try plan(for: input.shape)
        try outputGradient.expectShape(try outputShape(for: input.shape), in: "Conv2D backward")
        // The activation's derivative and, in the same pass, each plane's sum for the bias.
        let activated = cachedOutput.map {
            Elementwise.backpropagateSummingRows(
                configuration.activation, output: $0, outputGradient: outputGradient, rowLength: plan.plane)
        }
        let gradient = activated?.gradient ?? outputGradient
        let inputGradient = ConvolutionBackward.backpropagate(
            input: input, outputGradient: gradient, kernel: kernel.value, kernelGradient: &kernel.gradient,
            computesInputGradient: computesInputGradient, plan: plan, budget: budget, scratch: scratch,
            accumulators: accumulators)
        if let bias {
            // Per filter, Double over Float sums per image plane: the same whatever the threads
            // or ranks that share the batch (a bias right before a BatchNorm has an exactly-zero
            // gradient whose rounding noise Adam would otherwise amplify differently).
            let sums = activated.map { featureSums(rowSums: $0.rowSums, features: plan.filters) }
                ?? featureSums(gradient, layout: FeatureLayout(shape: gradient.shape))
            for o in 0..<plan.filters { bias.gradient.scalars[o] += Float(sums[o]) }
        }
        return inputGradient
    }

    /// A per-output-channel affine map applied after the convolution's bias: what an
    /// inference-mode BatchNorm right after the convolution amounts to.
    struct ChannelAffine {
        var scale: [Float]
        var shift: [Float]
    }

    /// Whether ``inferenceForward(_:affine:activation:pool:)`` can pool inside its bands: valid
    /// pools, their windows overlapping or not.
    func canFusePooling(_ pool: MaxPool2D) -> Bool {
        pool.padding == .valid
    }

    /// Inference with what follows folded in: an optional affine map (a BatchNorm's moving
    /// statistics, folded into the kernel and bias), an activation, and an optional valid max
    /// pool computed band by band while the band is in cache, so the full-resolution output is
    /// never written. Equal to running the layers one by one.
    func inferenceForward(
        _ input: Tensor, affine: ChannelAffine?, activation: PointwiseActivation, pool: MaxPool2D?
    ) throws -> Tensor {
        let plan = try plan(for: input.shape)
        var kernelValues = kernel.value.scalars, biasValues = biasValues
        if let affine {
            for o in 0..<plan.filters {
                for k in 0..<plan.patch { kernelValues[o * plan.patch + k] *= affine.scale[o] }
                biasValues[o] = biasValues[o] * affine.scale[o] + affine.shift[o]
            }
        }
        guard let pool, canFusePooling(pool) else {
            let output = ConvolutionForward.convolve(
                input, kernel: kernelValues, bias: biasValues, activation: activation, plan: plan, scratch: scratch)
            return try pool?.forward(output, mode: .inference) ?? output
        }
        _ = try pool.outputShape(for: try outputShape(for: input.shape))
        return ConvolutionForward.convolveAndPool(
            input, kernel: kernelValues, bias: biasValues, activation: activation,
            poolHeight: pool.poolHeight, poolWidth: pool.poolWidth, strideHeight: pool.strideHeight,
            strideWidth: pool.strideWidth, plan: plan, scratch: scratch)
    }
}

extension Conv2D: FeatureBiased {
    public var trailingBias: Parameter? { configuration.activation == .identity ? bias : nil }
}
