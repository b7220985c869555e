/// Every error NeuralCore throws. Each case carries the shapes, names or file it is about.
public enum NeuralCoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A tensor had a different shape from the one an operation needs.
    case shapeMismatch(operation: String, expected: [Int], actual: [Int])
    /// A tensor had a different number of axes from the one an operation needs.
    case rankMismatch(operation: String, expected: Int, actual: [Int])
    /// A shape that cannot exist (a negative extent, two inferred extents, ...).
    case invalidShape([Int], reason: String)
    /// An argument outside its allowed range, such as a zero stride or a dropout rate of 1.
    case invalidArgument(name: String, value: String, reason: String)
    /// `backward` was called on a layer that has no cached forward pass in training mode.
    case backwardWithoutForward(layer: String)
    /// A file could not be read or written, or its contents are malformed.
    case file(path: String, problem: String)
    /// A weight file does not match the model: tensors missing, unexpected or mis-shaped.
    case weightMismatch(path: String, missing: [String], unexpected: [String], misshaped: [MisshapedTensor])
    /// A LAPACK routine reported failure.
    case lapack(routine: String, info: Int)
    /// Training produced a NaN or infinite loss (or model output); epochs and batches count from 1.
    case nonFiniteLoss(epoch: Int, batch: Int, value: Double)
    /// Training could not proceed as configured.
    case training(String)
    /// A network input holds a NaN or an infinity (``FiniteInputCheck``): `sample` is its index
    /// along the batch axis (from 0), `element` its position inside the sample (row-major).
    case nonFiniteInput(sample: Int, element: Int, value: Float)

    /// A tensor whose stored shape differs from the model's parameter.
    public struct MisshapedTensor: Equatable, Sendable, CustomStringConvertible {
        /// The parameter's dotted name.
        public var name: String
        /// The shape the model expects.
        public var expected: [Int]
        /// The shape found in the file.
        public var found: [Int]

        /// Creates a record of one mis-shaped tensor.
        public init(name: String, expected: [Int], found: [Int]) {
            self.name = name
            self.expected = expected
            self.found = found
        }

        public var description: String { "\(name): model \(expected), file \(found)" }
    }

    public var description: String {
        switch self {
        case let .shapeMismatch(operation, expected, actual):
            return "\(operation): expected shape \(expected), got \(actual)"
        case let .rankMismatch(operation, expected, actual):
            return "\(operation): expected a rank-\(expected) tensor, got shape \(actual)"
        case let .invalidShape(shape, reason):
            return "invalid shape \(shape): \(reason)"
        case let .invalidArgument(name, value, reason):
            return "invalid \(name) \(value): \(reason)"
        case let .backwardWithoutForward(layer):
            return "\(layer): backward called without a preceding training-mode forward pass"
        case let .file(path, problem):
            return "\(path): \(problem)"
        case let .weightMismatch(path, missing, unexpected, misshaped):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
            if !unexpected.isEmpty { parts.append("unexpected \(unexpected.joined(separator: ", "))") }
            if !misshaped.isEmpty {
                parts.append("mis-shaped " + misshaped.map(\.description).joined(separator: "; "))
            }
            return "\(path): weights do not match the model: " + parts.joined(separator: "; ")
        case let .lapack(routine, info):
            return "LAPACK \(routine) failed with info = \(info)"
        case let .nonFiniteLoss(epoch, batch, value):
            return "training stopped: non-finite loss \(value) at epoch \(epoch), batch \(batch); "
                + "the last checkpoint (if any) is from the previous epoch"
        case let .training(message):
            return "training: \(message)"
        case let .nonFiniteInput(sample, element, value):
            return "input sample \(sample) (from 0 in its batch) holds \(value) at element \(element); "
                + "a network input must be finite (fill or drop the missing values first)"
        }
    }
}
