/// Every error the Resampling module throws. Each case names the value it is about.
public enum ResamplingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An argument outside its domain: a non-positive size, or a grid that does not hold the
    /// number of values its size promises.
    case invalidArgument(name: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidArgument(name, value, reason):
            return "invalid \(name) \(value): \(reason)"
        }
    }
}
