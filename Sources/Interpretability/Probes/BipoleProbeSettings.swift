import Magnetogram

/// One synthetic-bipole probe input (Bhattacharjee et al. 2020, Sect. 4.4, Figs. 7-11): a
/// circular-region arrangement of uniform field on a magnetogram whose size is chosen so that,
/// resized to the network's input, it has the given x- and y-resolution.
///
/// The magnetogram is made at the native SHARP CEA scale (0.03 degrees per pixel); its size is
/// `xResolution * inputWidth / nativeScale` by `yResolution * inputHeight / nativeScale`
/// pixels. The paper's representative probe, x-res 0.09 and y-res 0.05 degrees per pixel on a
/// 256 x 256 input, is a 768 x 427 magnetogram (23 x 12.8 degrees, Fig. 7): the same
/// magnetogram is x-res 0.72 and y-res 0.4 on a 32 x 32 input (``paper(inputWidth:inputHeight:)``).
///
/// The resolution and the input size fix the magnetogram, so they bound the bipoles it holds:
/// `n` touching regions of radius `r` span `2 n r` by `2 r`, so the largest radius is about
/// `min(width / (2 n), height / 2)` pixels (``largestRadius(inputWidth:inputHeight:)``). A
/// bipole that does not fit is refused (``validate(inputWidth:inputHeight:)``) rather than cut
/// at the magnetogram's edge, which would make its flux, and the network's output, plateau.
/// Inside the magnetogram the total unsigned flux is within 1% of the closed form
/// `n |B| pi r^2` (``Magnetogram/SyntheticBipole/closedFormUnsignedFlux``).
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

    /// The input size the paper's resolutions refer to: its networks take 256 x 256 inputs.
    public static let paperInputSize = 256
    /// The widest probe magnetogram side, degrees: the visible hemisphere.
    public static let widestMagnetogramSide = 180.0

    /// The paper's representative probe magnetogram (768 x 427 pixels at 0.03 degrees per
    /// pixel, Figs. 7 and 9) for a network of the given input size: its resolutions are the
    /// paper's 0.09 x 0.05 degrees per pixel scaled by 256 / input size, so every network sees
    /// the same 23 x 12.8 degree magnetogram, resized to its input as its training data were.
    public static func paper(inputWidth: Int, inputHeight: Int) -> BipoleProbeSettings {
        var settings = BipoleProbeSettings()
        settings.xResolution *= Double(paperInputSize) / Double(max(1, inputWidth))
        settings.yResolution *= Double(paperInputSize) / Double(max(1, inputHeight))
        return settings
    }

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
