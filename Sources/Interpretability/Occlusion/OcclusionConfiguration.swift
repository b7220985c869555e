/// What an occlusion map measures at each mask placement.
public enum OcclusionTarget: String, Sendable, Equatable, Codable, CaseIterable {
    /// The paper's measure: the change of the predicted label (1 when p >= 0.5), y0 - y_masked,
    /// each in {0, 1}.
    case label
    /// The change of the flaring probability, p0 - p_masked.
    case probability
}

/// How the masked inputs are evaluated.
public enum OcclusionMethod: String, Sendable, Equatable, Codable, CaseIterable {
    /// Every masked input runs through the whole network, in batches.
    case full
    /// Only what a mask changes is recomputed, over the cached activations of the unmasked
    /// input (the same numbers up to rounding; see ``OcclusionAnalysis``).
    case incremental
}

/// The settings of an occlusion map (Bhattacharjee et al. 2020, Sect. 4.5). Defaults are the
/// paper's: a 100 x 100 mask of zeros slid one pixel at a time over the 256 x 256 input, the
/// predicted label as the measure, and 0.9 as the highlighting threshold.
///
/// ```swift
/// var configuration = OcclusionConfiguration()
/// configuration.stride = 4              // faster, coarser
/// configuration.target = .probability   // p0 - p_masked instead of the label change
/// ```
public struct OcclusionConfiguration: Sendable, Equatable {
    /// The side M of the square mask, pixels of the network input.
    public var maskSize: Int
    /// The step S between mask placements, pixels.
    public var stride: Int
    /// The value the masked pixels are set to (after preprocessing: the network input's units).
    public var fillValue: Float
    /// Label change (the paper) or probability change.
    public var target: OcclusionTarget
    /// The normalised value above which a pixel is highlighted, in [-1, 1).
    public var threshold: Float
    /// Masked inputs evaluated together.
    public var batchSize: Int
    /// Full or incremental evaluation.
    public var method: OcclusionMethod

    /// Creates a configuration; the defaults are the paper's.
    public init(
        maskSize: Int = 100, stride: Int = 1, fillValue: Float = 0, target: OcclusionTarget = .label,
        threshold: Float = SensitivityMap.defaultThreshold, batchSize: Int = 16, method: OcclusionMethod = .incremental
    ) {
        self.maskSize = maskSize
        self.stride = stride
        self.fillValue = fillValue
        self.target = target
        self.threshold = threshold
        self.batchSize = batchSize
        self.method = method
    }

    /// Checks the values that do not depend on the input.
    /// - Throws: ``InterpretabilityError/invalidArgument(name:value:reason:)``.
    public func validate() throws {
        guard maskSize >= 1 else {
            throw InterpretabilityError.invalidArgument(name: "mask size", value: "\(maskSize)", reason: "must be at least 1")
        }
        guard stride >= 1 else {
            throw InterpretabilityError.invalidArgument(name: "stride", value: "\(stride)", reason: "must be at least 1")
        }
        guard batchSize >= 1 else {
            throw InterpretabilityError.invalidArgument(name: "batch size", value: "\(batchSize)", reason: "must be at least 1")
        }
        guard fillValue.isFinite else {
            throw InterpretabilityError.invalidArgument(name: "fill value", value: "\(fillValue)", reason: "must be finite")
        }
        guard threshold.isFinite, threshold >= -1, threshold < 1 else {
            throw InterpretabilityError.invalidArgument(
                name: "threshold", value: "\(threshold)",
                reason: "the map is normalised to [-1, 1] and a pixel is highlighted above the threshold: it must lie in [-1, 1)")
        }
    }
}
