/// The result of an occlusion analysis (Bhattacharjee et al. 2020, Sect. 4.5, Fig. 12).
///
/// ```swift
/// let result = try OcclusionAnalysis(model: model).map(for: MagnetogramInput(magnetogram, model: model))
/// result.map.isAllZero                     // false when some mask changed the output
/// let red = result.map.highlightedRegion() // normalised sensitivity > 0.9
/// ```
public struct OcclusionMap: Sendable, Equatable {
    /// The normalised map: at the magnetogram's size for a ``MagnetogramInput`` (resized with
    /// bicubic interpolation), otherwise at the network input's size.
    public let map: SensitivityMap
    /// The mean change y0 - y_masked of every input pixel over the placements that masked it,
    /// row-major at the network input's size, before resizing and normalisation.
    public let meanChange: [Float]
    /// Rows of the network input.
    public let inputHeight: Int
    /// Columns of the network input.
    public let inputWidth: Int
    /// The flaring probability of the unmasked input.
    public let baselineProbability: Float
    /// y0: the predicted label (1 when p >= 0.5) or the probability of the unmasked input.
    public let baseline: Float
    /// What the changes measure.
    public let target: OcclusionTarget
    /// The number of mask placements.
    public let placementCount: Int
    /// Placements that left the input unchanged (the region already held the fill value), whose
    /// change is exactly zero without running the network.
    public let unchangedPlacementCount: Int

    /// Whether no placement changed the output (the map is all zero, nothing is highlighted).
    public var isAllZero: Bool { map.isAllZero }
}
