/// Where the mask goes: its top-left corner at rows (and, separately, columns)
/// 0, S, 2S, ... up to N - M, plus N - M itself when the steps miss it, so that the mask never
/// leaves the image and every pixel is covered at least once.
///
/// ```swift
/// OcclusionPlacements.offsets(extent: 10, maskSize: 4, stride: 4)   // [0, 4, 6]
/// let placements = try OcclusionPlacements(height: 256, width: 256, maskSize: 100, stride: 1)
/// placements.count                                                  // 157 * 157
/// ```
public struct OcclusionPlacements: Sendable, Equatable {
    /// The mask's top rows.
    public let rows: [Int]
    /// The mask's left columns.
    public let columns: [Int]
    /// The side of the mask.
    public let maskSize: Int

    /// The placements over a `height` x `width` image.
    /// - Throws: ``InterpretabilityError/invalidArgument(name:value:reason:)`` when the mask does
    ///   not fit in the image or the stride is below 1.
    public init(height: Int, width: Int, maskSize: Int, stride: Int) throws {
        guard maskSize >= 1, maskSize <= height, maskSize <= width else {
            throw InterpretabilityError.invalidArgument(
                name: "mask size", value: "\(maskSize)", reason: "must lie in 1...\(min(height, width)) for a \(height)x\(width) input")
        }
        guard stride >= 1 else {
            throw InterpretabilityError.invalidArgument(name: "stride", value: "\(stride)", reason: "must be at least 1")
        }
        rows = Self.offsets(extent: height, maskSize: maskSize, stride: stride)
        columns = Self.offsets(extent: width, maskSize: maskSize, stride: stride)
        self.maskSize = maskSize
    }

    /// The offsets along one axis of `extent` pixels (`1 <= maskSize <= extent`, `stride >= 1`).
    public static func offsets(extent: Int, maskSize: Int, stride: Int) -> [Int] {
        let last = extent - maskSize
        guard last >= 0, stride >= 1 else { return [] }
        var result = Array(Swift.stride(from: 0, through: last, by: stride))
        if result.last != last { result.append(last) }
        return result
    }

    /// The number of placements.
    public var count: Int { rows.count * columns.count }

    /// The placement at `index` in row-major order (rows outer).
    public subscript(index: Int) -> (row: Int, column: Int) {
        (rows[index / columns.count], columns[index % columns.count])
    }
}
