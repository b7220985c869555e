import Magnetogram
import NeuralCore

extension ResizeMethod {
    /// Magnetogram's resize method for a geometry's interpolation: the one bridge between the
    /// two spellings of the same three methods (`NeuralCore`, which stores the geometry with the
    /// weights, and `Magnetogram`, which resizes, cannot see each other's types).
    public init(_ interpolation: InputGeometry.Interpolation) {
        switch interpolation {
        case .bilinear: self = .bilinear
        case .bicubic: self = .bicubic
        case .nearest: self = .nearest
        }
    }
}
