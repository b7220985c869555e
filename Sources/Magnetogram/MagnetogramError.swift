/// Every error the Magnetogram module throws. Each case names the file or value it is about.
public enum MagnetogramError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A FITS file that cannot be read or written, or is malformed: the file and the cause.
    case file(path: String, problem: String)
    /// A header keyword that is present but cannot be read as the type it must have.
    case invalidKeyword(path: String, keyword: String, value: String, expected: String)
    /// An argument outside its domain (a non-positive size, an empty image, ...).
    case invalidArgument(name: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .file(path, problem):
            return "\(path): \(problem)"
        case let .invalidKeyword(path, keyword, value, expected):
            return "\(path): keyword \(keyword) = '\(value)' is not \(expected)"
        case let .invalidArgument(name, value, reason):
            return "invalid \(name) \(value): \(reason)"
        }
    }
}
