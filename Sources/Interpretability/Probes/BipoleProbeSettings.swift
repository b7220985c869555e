import Magnetogram

/// One synthetic-bipole probe input (Bhattacharjee et al. 2020, Sect. 4.4, Figs. 7-11): a
/// circular-region arrangement of uniform field on a magnetogram whose size is chosen so that,
/// resized to the network's input, it has the given x- and y-resolution.
///
/// The magnetogram is made at the native SHARP CEA scale (0.03 degrees per pixel); its size is
/// `xResolution * inputWidth / nativeScale` by `yResolution * inputHeight / nativeScale`
/// pixels. The paper's representative probe, x-res 0.09 and y-res 0.05 degrees per pixel on a
/// 256 x 256 input, is a 768 x 427 magnetogram.
///
/// ```swift
/// var settings = BipoleProbeSettings()          // -+ bipole, 12.5 Mm, 2000 G, 0.09 x 0.05 deg/px
/// settings.radius = 3.5
/// let map = try settings.magnetogram(inputWidth: 256, inputHeight: 256)   // 768 x 427
/// ```
public struct BipoleProbeSettings: Sendable, Equatable, Codable {
    /// The polarities, left to right (default `-+`, as in the paper's Fig. 9).
    public var arrangement: SyntheticBipole.Arrangement = .negativePositive
    /// Radius of each circular region, Mm.
    public var radius: Double = 12.5
    /// Field strength of each region, gauss.
    public var field: Double = 2000
    /// The x-resolution after resizing to the network input, degrees per pixel.
    public var xResolution: Double = 0.09
    /// The y-resolution after resizing to the network input, degrees per pixel.
    public var yResolution: Double = 0.05
    /// The scale of the magnetogram before resizing, degrees per pixel (SHARP CEA: 0.03).
    public var nativeScale: Double = 0.03

    /// The paper's representative probe.
    public init() {}

    /// The magnetogram size in pixels for a network input of the given size.
    public func magnetogramSize(inputWidth: Int, inputHeight: Int) -> (width: Int, height: Int) {
        (Int((xResolution * Double(inputWidth) / nativeScale).rounded()),
         Int((yResolution * Double(inputHeight) / nativeScale).rounded()))
    }

    /// The synthetic bipole at the native scale.
    /// - Throws: ``MagnetogramError`` for non-positive sizes, field or scale.
    public func bipole(inputWidth: Int, inputHeight: Int) throws -> SyntheticBipole {
        let size = magnetogramSize(inputWidth: inputWidth, inputHeight: inputHeight)
        return try SyntheticBipole(
            arrangement: arrangement, radius: radius, field: Float(field), width: size.width,
            height: size.height, degreesPerPixel: nativeScale)
    }

    /// The probe magnetogram at the native scale.
    public func magnetogram(inputWidth: Int, inputHeight: Int) throws -> Magnetogram {
        try bipole(inputWidth: inputWidth, inputHeight: inputHeight).magnetogram()
    }

    /// The value of a swept parameter.
    public func value(of parameter: BipoleProbeParameter) -> Double {
        switch parameter {
        case .radius: radius
        case .field: field
        case .xResolution: xResolution
        case .yResolution: yResolution
        }
    }

    /// These settings with one parameter changed.
    public func setting(_ parameter: BipoleProbeParameter, to value: Double) -> BipoleProbeSettings {
        var copy = self
        switch parameter {
        case .radius: copy.radius = value
        case .field: copy.field = value
        case .xResolution: copy.xResolution = value
        case .yResolution: copy.yResolution = value
        }
        return copy
    }
}

/// A parameter a bipole sweep varies.
public enum BipoleProbeParameter: String, Sendable, Hashable, Codable, CaseIterable {
    /// Region radius, Mm (Fig. 9 top left, Fig. 10).
    case radius
    /// Field strength, gauss (Fig. 9 top right).
    case field
    /// x-resolution of the resized input, degrees per pixel (Fig. 10 left).
    case xResolution = "x_resolution"
    /// y-resolution of the resized input, degrees per pixel (Fig. 10 centre).
    case yResolution = "y_resolution"

    /// An axis label with the unit.
    public var axisLabel: String {
        switch self {
        case .radius: "Bipole radius (Mm)"
        case .field: "Field strength (G)"
        case .xResolution: "x-resolution (deg/pixel)"
        case .yResolution: "y-resolution (deg/pixel)"
        }
    }
}
