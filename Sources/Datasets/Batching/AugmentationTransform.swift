import NeuralCore

/// One of the data-augmentation transforms of Guastavino et al. (2022, Sect. 5: "rotating
/// magnetograms by 90 and 180 degrees, and flipping magnetograms horizontally and
/// vertically", after Li et al. 2020), plus 270 degrees and the identity.
///
/// Rotations are counter-clockwise in the (x, y) grid as stored and flips are as the Magnetogram
/// module's `rotated(byDegrees:)`, `flippedHorizontally()` and `flippedVertically()`: the same
/// pixels land in the same places. The transforms change the physics as well as the picture
/// (a flip swaps the east-west or north-south order of the polarities, Hale's and Joy's laws).
///
/// ```swift
/// let turned = try AugmentationTransform.rotation90.applied(to: x)   // x: [..., H, W]
/// ```
public enum AugmentationTransform: String, Sendable, Hashable, Codable, CaseIterable {
    /// No change.
    case identity
    /// A quarter turn counter-clockwise.
    case rotation90 = "rotate_90"
    /// A half turn.
    case rotation180 = "rotate_180"
    /// Three quarter turns counter-clockwise.
    case rotation270 = "rotate_270"
    /// Columns reversed (east-west).
    case horizontalFlip = "flip_horizontal"
    /// Rows reversed (north-south).
    case verticalFlip = "flip_vertical"

    /// Guastavino et al.'s set: the original and four transforms, so each sample appears five
    /// times (3000 training samples became 15 000).
    public static let guastavino2022: [AugmentationTransform] = [
        .identity, .rotation90, .rotation180, .horizontalFlip, .verticalFlip,
    ]

    /// Whether the transform swaps width and height (so it needs square inputs in a batch).
    public var swapsAxes: Bool { self == .rotation90 || self == .rotation270 }

    /// The transform of every `[H, W]` plane of a tensor `[..., H, W]`.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for a tensor of rank < 2.
    public func applied(to tensor: Tensor) throws -> Tensor {
        guard tensor.rank >= 2 else {
            throw DatasetsError.invalidValue(what: "tensor to augment", value: "\(tensor.shape)", reason: "needs [..., H, W]")
        }
        let height = tensor.shape[tensor.rank - 2], width = tensor.shape[tensor.rank - 1]
        let plane = height * width
        var shape = tensor.shape
        if swapsAxes { shape.swapAt(shape.count - 2, shape.count - 1) }
        var result = try Tensor(shape: shape)
        tensor.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { destination in
                for start in stride(from: 0, to: source.count, by: max(plane, 1)) {
                    apply(
                        UnsafeBufferPointer(rebasing: source[start..<start + plane]), width: width, height: height,
                        into: UnsafeMutableBufferPointer(rebasing: destination[start..<start + plane]))
                }
            }
        }
        return result
    }

    /// Writes the transform of a row-major `height` x `width` plane into `destination` (same
    /// count; rows of length `height` after a quarter turn). The buffers must not overlap.
    func apply(_ source: UnsafeBufferPointer<Float>, width: Int, height: Int, into destination: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .identity:
            _ = destination.initialize(from: source)
        case .rotation180:
            let last = source.count - 1
            for i in 0..<source.count { destination[last - i] = source[i] }
        case .horizontalFlip:
            for y in 0..<height {
                let row = y * width
                for x in 0..<width { destination[row + x] = source[row + width - 1 - x] }
            }
        case .verticalFlip:
            for y in 0..<height {
                let from = (height - 1 - y) * width, to = y * width
                for x in 0..<width { destination[to + x] = source[from + x] }
            }
        case .rotation90:
            // (x, y) -> (height - 1 - y, x) in a grid `height` wide.
            for y in 0..<height {
                for x in 0..<width { destination[x * height + height - 1 - y] = source[y * width + x] }
            }
        case .rotation270:
            // (x, y) -> (y, width - 1 - x).
            for y in 0..<height {
                for x in 0..<width { destination[(width - 1 - x) * height + y] = source[y * width + x] }
            }
        }
    }
}
