import NeuralCore

/// CNN-1 of Bhattacharjee et al. (2020, Fig. 1), defaults from Documentation/Architectures.md.
public struct CNN1Configuration: Codable, Sendable, Equatable {
    /// Square input size (128 in the paper).
    public var inputSize = 128
    /// Filters of the two convolutions.
    public var filters = [32, 64]
    /// Kernel size of the convolutions.
    public var kernelSize = 3
    /// Units of the hidden dense layer.
    public var denseUnits = 64
    /// Activation after the convolutions and the hidden dense layer.
    public var activation = ActivationKind.leakyReLU(slope: 0.3)

    /// Creates the default configuration.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case inputSize = "input_size", filters, kernelSize = "kernel_size", denseUnits = "dense_units", activation
    }
}

/// CNN-2 (inception) of Bhattacharjee et al. (2020, Figs. 2-3), defaults from Documentation/Architectures.md.
public struct CNN2Configuration: Codable, Sendable, Equatable {
    /// Square input size (256 or 128).
    public var inputSize = 256
    /// Filters of the two stem convolutions (7x7 then 3x3).
    public var stemFilters = [32, 64]
    /// Kernel sizes of the stem convolutions.
    public var stemKernelSizes = [7, 3]
    /// Filters per convolution branch of each inception module (F).
    public var inceptionFilters = 32
    /// Kernel sizes of the inception branches, in concatenation order (a 3x3 same max-pool
    /// branch follows).
    public var inceptionKernelSizes = [3, 5, 7]
    /// Pooling window and stride after the stem convolutions and the first inception module.
    public var poolSize = 3
    /// LeakyReLU(0.3) or the identity.
    public var activation = ActivationKind.leakyReLU(slope: 0.3)

    /// Creates the default configuration.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case inputSize = "input_size", stemFilters = "stem_filters", stemKernelSizes = "stem_kernel_sizes"
        case inceptionFilters = "inception_filters", inceptionKernelSizes = "inception_kernel_sizes"
        case poolSize = "pool_size", activation
    }
}

/// The LRCN of Guastavino et al. (2022, Sect. 4), defaults from Documentation/Architectures.md.
public struct LRCNConfiguration: Codable, Sendable, Equatable {
    /// Frames per video (T).
    public var frames = 40
    /// Square frame size.
    public var frameSize = 128
    /// Filters of the four per-frame convolutions.
    public var filters = [32, 32, 32, 32]
    /// Kernel sizes of the four convolutions (all stride 2, valid).
    public var kernelSizes = [7, 5, 3, 3]
    /// Units of the per-frame dense layer.
    public var denseUnits = 64
    /// Dropout after the per-frame dense layer.
    public var frameDropout: Float = 0.1
    /// LSTM units.
    public var lstmUnits = 50
    /// Dropout after the LSTM.
    public var lstmDropout: Float = 0.5
    /// L2 coefficient on each convolution kernel.
    public var convolutionL2: Float = 1e-3
    /// Momentum of the BatchNorm moving statistics (`nil`: Keras's 0.99). A short training run
    /// of few batches leaves 0.99-averages far from the data's statistics, so inference drifts
    /// from training; 0.9 converges ten times faster. Stored only when set.
    public var batchNormMomentum: Float?

    /// Creates the default configuration.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case frames, frameSize = "frame_size", filters, kernelSizes = "kernel_sizes", denseUnits = "dense_units"
        case frameDropout = "frame_dropout", lstmUnits = "lstm_units", lstmDropout = "lstm_dropout"
        case convolutionL2 = "convolution_l2", batchNormMomentum = "batch_norm_momentum"
    }
}

/// One of the three networks with its sizes, as stored in a weight file's metadata: one JSON
/// object with `"architecture": "cnn1" | "cnn2" | "lrcn"` and the sizes in snake_case, for
/// example `{"architecture": "cnn2", "input_size": 256, "activation": {"name": "leaky_relu",
/// "slope": 0.3}, ...}` (the converter script writes the same form).
public enum ArchitectureConfiguration: Codable, Sendable, Equatable {
    case cnn1(CNN1Configuration)
    case cnn2(CNN2Configuration)
    case lrcn(LRCNConfiguration)

    private enum NameKey: String, CodingKey { case architecture }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.container(keyedBy: NameKey.self).decode(String.self, forKey: .architecture)
        switch ArchitectureName(rawValue: name) {
        case .cnn1: self = .cnn1(try CNN1Configuration(from: decoder))
        case .cnn2: self = .cnn2(try CNN2Configuration(from: decoder))
        case .lrcn: self = .lrcn(try LRCNConfiguration(from: decoder))
        case nil:
            throw DecodingError.dataCorruptedError(
                forKey: .architecture, in: try decoder.container(keyedBy: NameKey.self),
                debugDescription: "unknown architecture '\(name)' (expected \(ArchitectureName.listed))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        try container.encode(name, forKey: .architecture)
        switch self {
        case let .cnn1(c): try c.encode(to: encoder)
        case let .cnn2(c): try c.encode(to: encoder)
        case let .lrcn(c): try c.encode(to: encoder)
        }
    }

    /// Which network this is.
    public var architectureName: ArchitectureName {
        switch self {
        case .cnn1: return .cnn1
        case .cnn2: return .cnn2
        case .lrcn: return .lrcn
        }
    }

    /// `cnn1`, `cnn2` or `lrcn` (``architectureName``'s raw value).
    public var name: String { architectureName.rawValue }

    /// The largest square input (frame) size FlareKit trains or runs: 4096 pixels, 16 times the
    /// papers' largest (256). Beyond it one CNN-2 image's first activation alone exceeds 2 GiB.
    public static let maximumInputSize = 4096

    /// The square input (frame) size S, pixels: ``CNN1Configuration/inputSize``,
    /// ``CNN2Configuration/inputSize`` or ``LRCNConfiguration/frameSize``. The one place a
    /// network's input size is held; the pipelines' configurations read and set it here.
    ///
    /// ```swift
    /// var architecture = ArchitectureConfiguration.cnn2(CNN2Configuration())
    /// architecture.inputSize = 128
    /// architecture.sampleShape     // [1, 128, 128]
    /// ```
    public var inputSize: Int {
        get {
            switch self {
            case let .cnn1(c): return c.inputSize
            case let .cnn2(c): return c.inputSize
            case let .lrcn(c): return c.frameSize
            }
        }
        set {
            switch self {
            case var .cnn1(c): c.inputSize = newValue; self = .cnn1(c)
            case var .cnn2(c): c.inputSize = newValue; self = .cnn2(c)
            case var .lrcn(c): c.frameSize = newValue; self = .lrcn(c)
            }
        }
    }

    /// The shape of one input sample (without the batch axis): `[1, S, S]` or `[T, 1, S, S]`.
    public var sampleShape: [Int] {
        if case let .lrcn(c) = self { return [c.frames, 1, inputSize, inputSize] }
        return [1, inputSize, inputSize]
    }
}
