extension Conv2D {
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

        /// The window of one image of `inputShape` (NCHW).
        func geometry(for inputShape: [Int]) throws -> WindowGeometry {
            guard inputShape.count == 4 else {
                throw NeuralCoreError.rankMismatch(operation: "Conv2D input (NCHW)", expected: 4, actual: inputShape)
            }
            let c = self
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
    }
}
