import NeuralCore

/// Every error the Losses module throws. Each case names the value it is about.
public enum LossesError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Predictions and labels do not line up, or are not shaped `[N]` or `[N, 1]`.
    case shapeMismatch(predictions: [Int], labels: [Int])
    /// A value that must be finite (and, for probabilities and labels, in [0, 1]) is not.
    case invalidValue(what: String, index: Int, value: Double)
    /// A parameter outside its domain, such as a cosine distribution with delta <= 0.
    case invalidParameter(name: String, value: Double, reason: String)
    /// A loss was asked for something it does not support.
    case unsupported(String)

    public var description: String {
        switch self {
        case let .shapeMismatch(predictions, labels):
            return "predictions \(predictions) and labels \(labels) must both be [N] or [N, 1] with the same N"
        case let .invalidValue(what, index, value):
            return "\(what) at index \(index) is \(value)"
        case let .invalidParameter(name, value, reason):
            return "\(name) = \(value): \(reason)"
        case let .unsupported(message):
            return message
        }
    }
}

/// Checks that predictions and labels are `[N]` or `[N, 1]` with the same N.
func checkBinaryShapes(_ predictions: Tensor, _ labels: Tensor) throws {
    func isColumn(_ shape: [Int]) -> Bool { shape.count == 1 || (shape.count == 2 && shape[1] == 1) }
    guard isColumn(predictions.shape), isColumn(labels.shape), predictions.count == labels.count else {
        throw LossesError.shapeMismatch(predictions: predictions.shape, labels: labels.shape)
    }
}

/// Checks that every value is finite and, when `unitInterval`, within [0, 1].
func checkValues<Value: BinaryFloatingPoint>(_ values: [Value], what: String, unitInterval: Bool) throws {
    for (index, value) in values.enumerated() {
        if !value.isFinite || (unitInterval && (value < 0 || value > 1)) {
            throw LossesError.invalidValue(what: what, index: index, value: Double(value))
        }
    }
}
