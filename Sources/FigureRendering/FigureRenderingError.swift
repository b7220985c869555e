/// Every error FigureRendering throws, naming the file it is about.
public enum FigureRenderingError: Error, Equatable, CustomStringConvertible {
    /// The SVG could not be parsed or rendered (librsvg's or cairo's message).
    case render(path: String, problem: String)
    /// The rendered file could not be written.
    case file(path: String, problem: String)

    public var description: String {
        switch self {
        case let .render(path, problem): return "\(path): cannot render the figure: \(problem)"
        case let .file(path, problem): return "\(path): \(problem)"
        }
    }
}
