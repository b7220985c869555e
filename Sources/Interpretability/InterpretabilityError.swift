/// Every error the Interpretability module throws. Each case names the value, layer or file it
/// is about.
public enum InterpretabilityError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An argument or option outside its domain (a mask larger than the image, stride 0, ...).
    case invalidArgument(name: String, value: String, reason: String)
    /// An input tensor of a shape the explanation cannot use.
    case invalidInput(shape: [Int], reason: String)
    /// A network output that is not one probability per sample, or is not finite.
    case invalidOutput(shape: [Int], reason: String)
    /// A layer the gradient explanations (or the incremental occlusion) cannot pass through.
    case unsupportedLayer(name: String, kind: String, reason: String)
    /// A layer name that is not in the network.
    case unknownLayer(name: String, available: [String])
    /// A map holding NaN or infinite values.
    case nonFiniteMap(what: String)
    /// A file that cannot be read or written.
    case file(path: String, problem: String)

    public var description: String {
        switch self {
        case let .invalidArgument(name, value, reason):
            return "invalid \(name) \(value): \(reason)"
        case let .invalidInput(shape, reason):
            return "invalid input of shape \(shape): \(reason)"
        case let .invalidOutput(shape, reason):
            return "unusable network output of shape \(shape): \(reason)"
        case let .unsupportedLayer(name, kind, reason):
            return "layer '\(name)' (\(kind)) is not supported: \(reason)"
        case let .unknownLayer(name, available):
            return "no layer named '\(name)' (the network has \(available.joined(separator: ", ")))"
        case let .nonFiniteMap(what):
            return "the \(what) holds NaN or infinite values"
        case let .file(path, problem):
            return "\(path): \(problem)"
        }
    }
}
