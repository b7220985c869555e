/// The x- and y-resolution of a resized network input, degrees per pixel: what sets the size
/// of a synthetic-bipole probe magnetogram (``BipoleProbeSettings``).
///
/// ```swift
/// let resolutions = BipoleResolution.figure10      // the five of Bhattacharjee et al. Fig. 10
/// ```
public struct BipoleResolution: Sendable, Hashable, Codable {
    /// Degrees per pixel along x and y.
    public var x: Double, y: Double

    /// Creates a resolution.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Bhattacharjee et al. (2020), Fig. 10: y-resolution 0.05 with x-resolution 0.05, 0.09 and
    /// 0.13 (left), x-resolution 0.09 with y-resolution 0.03 and 0.07 (centre).
    public static let figure10 = [
        BipoleResolution(x: 0.05, y: 0.05), BipoleResolution(x: 0.09, y: 0.05), BipoleResolution(x: 0.13, y: 0.05),
        BipoleResolution(x: 0.09, y: 0.03), BipoleResolution(x: 0.09, y: 0.07),
    ]
}
