import NeuralCore

/// The activation a builder puts after its convolutions.
public enum ActivationKind: Codable, Sendable, Equatable, CustomStringConvertible {
    /// LeakyReLU with the given negative slope (Keras's layer default 0.3; the string
    /// `"leaky_relu"` means 0.2).
    case leakyReLU(slope: Float)
    /// ReLU.
    case relu
    /// The identity (CNN-2's linear variant).
    case identity

    /// A new layer computing this activation.
    public func makeLayer() -> any Layer {
        switch self {
        case let .leakyReLU(slope): return LeakyReLU(slope: slope)
        case .relu: return ReLU()
        case .identity: return Identity()
        }
    }

    /// The same activation fused into a convolution or normalisation.
    public var pointwise: PointwiseActivation {
        switch self {
        case let .leakyReLU(slope): return .leakyReLU(slope: slope)
        case .relu: return .relu
        case .identity: return .identity
        }
    }

    /// Parses `leaky_relu` (slope from `slope`), `relu` or `identity`/`linear`.
    public init?(name: String, slope: Float = 0.3) {
        switch name.lowercased() {
        case "leaky_relu", "leakyrelu", "leaky": self = .leakyReLU(slope: slope)
        case "relu": self = .relu
        case "identity", "linear": self = .identity
        default: return nil
        }
    }

    private enum CodingKeys: String, CodingKey { case name, slope }

    /// Decodes `{"name": "leaky_relu", "slope": 0.3}`, `{"name": "relu"}` or `{"name": "identity"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let slope = try container.decodeIfPresent(Float.self, forKey: .slope) ?? 0.3
        guard let kind = ActivationKind(name: name, slope: slope) else {
            throw DecodingError.dataCorruptedError(
                forKey: .name, in: container, debugDescription: "unknown activation '\(name)'")
        }
        self = kind
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .leakyReLU(slope):
            try container.encode("leaky_relu", forKey: .name)
            try container.encode(slope, forKey: .slope)
        case .relu: try container.encode("relu", forKey: .name)
        case .identity: try container.encode("identity", forKey: .name)
        }
    }

    public var description: String {
        switch self {
        case let .leakyReLU(slope): return "leaky_relu(\(slope))"
        case .relu: return "relu"
        case .identity: return "identity"
        }
    }
}
