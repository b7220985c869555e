/// Every error the Baselines module throws. Each case names the array, file or value it is
/// about: `what` is a role such as "training labels", or the path of the `.npy` file read.
public enum BaselinesError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An array does not have the shape it must have (`expected` and `actual` say what).
    case shapeMismatch(what: String, expected: String, actual: String)
    /// An array holds no samples.
    case noSamples(what: String)
    /// A feature matrix has no feature columns.
    case noFeatures(what: String)
    /// A feature value is NaN or infinite.
    case nonFiniteFeature(what: String, sample: Int, feature: Int, value: Double)
    /// A label is not 0 or 1.
    case invalidLabel(what: String, index: Int, value: Double)
    /// The training labels hold one class only: an SVM needs both.
    case singleClass(what: String, label: Int, count: Int)
    /// A setting outside its domain (C <= 0, gamma <= 0, ...).
    case invalidParameter(name: String, value: String, reason: String)
    /// Decision values were asked of a machine that was not fitted.
    case notFitted
    /// LIBSVM refused the problem or its parameters (its message).
    case libsvm(String)
    /// A file could not be read or written.
    case file(path: String, reason: String)
    /// The output path is the same file as an input (also through a link).
    case outputIsInput(output: String, input: String)

    public var description: String {
        switch self {
        case let .shapeMismatch(what, expected, actual):
            "\(what): expected \(expected), got \(actual)"
        case let .noSamples(what):
            "\(what): no samples (an SVM needs at least one sample of each class)"
        case let .noFeatures(what):
            "\(what): no feature columns"
        case let .nonFiniteFeature(what, sample, feature, value):
            "\(what): feature \(feature) of sample \(sample) is \(value); every feature must be finite"
        case let .invalidLabel(what, index, value):
            "\(what): label at index \(index) is \(value); labels must be 0 or 1"
        case let .singleClass(what, label, count):
            "\(what): all \(count) labels are \(label); the SVM needs samples of both classes (0 and 1)"
        case let .invalidParameter(name, value, reason):
            "invalid \(name) '\(value)': \(reason)"
        case .notFitted:
            "the SVM is not fitted: call fit(features:labels:) first"
        case let .libsvm(message):
            "LIBSVM: \(message)"
        case let .file(path, reason):
            "\(path): \(reason)"
        case let .outputIsInput(output, input):
            "the output \(output) is the input file \(input); choose another output path"
        }
    }
}
