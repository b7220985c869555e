/// Every error the Architectures module throws.
public enum ArchitecturesError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A configuration value the builder cannot use.
    case invalidConfiguration(String)
    /// A weight file without (or with unreadable) FlareKit model metadata.
    case metadata(path: String, problem: String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(message): return "invalid architecture configuration: \(message)"
        case let .metadata(path, problem): return "\(path): \(problem)"
        }
    }
}
